import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessBriefService } from '../../src/brief/brief-service.js';
import { createPoliteFetcher, type PoliteFetcher } from '../../src/fetch/polite-fetcher.js';
import { userAgent } from '../../src/fetch/user-agent.js';
import { pollFeed, type IngestDeps } from '../../src/feeds/ingest-feed.js';
import { renderBrief } from '../../src/render/brief-message.js';
import { buildIndex } from '../../src/search/build-index.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { messageProblems } from '../support/block-kit.js';
import { captureLogger, tempDir } from '../digest/helpers.js';
import { ArticleSite } from './article-site.js';

const UA = userAgent('https://brief.example/about');
let site: ArticleSite;
let elsewhere: ArticleSite;
let tmp: ReturnType<typeof tempDir>;
let store: Stores;
let clockMs: number;
let sleeps: number[];

beforeEach(async () => {
  site = await new ArticleSite().start();
  elsewhere = await new ArticleSite('127.0.0.2').start();
  tmp = tempDir('brief-fulltext-');
  store = openSqliteStore(path.join(tmp.dir, 'brief.db'));
  clockMs = 0;
  sleeps = [];
});
afterEach(async () => {
  await Promise.all([site.close(), elsewhere.close()]);
  await store.close();
  tmp.remove();
});

/** The fetcher under test, on a fake clock: its waits are recorded, not slept. */
function fetcher(extra: { maxRedirects?: number } = {}): PoliteFetcher {
  return createPoliteFetcher({
    userAgent: UA,
    allowHosts: ['127.0.0.1'],
    minGapMs: 1_000,
    timeoutMs: 400,
    maxBytes: 64 * 1024,
    now: () => clockMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      clockMs += ms;
    },
    ...extra,
  });
}

function deps(fullText: PoliteFetcher | undefined) {
  const { log, lines } = captureLogger();
  const d: IngestDeps = { ...store, corpusDir: path.join(tmp.dir, 'corpus'), now: () => new Date('2026-03-30T06:30:00Z'), log, fetch: { allowHosts: ['127.0.0.1'] }, ...(fullText ? { fullText } : {}) };
  return { d, lines };
}

describe('full text of teaser feed items, from a loopback news site', () => {
  it('takes the article text without boilerplate; every page that cannot be used keeps its teaser, labelled and logged once', async () => {
    site.redirects.set('/business/2026/03/pilot-boats/', `${elsewhere.base}/pilot-boats/`);
    site.redirects.set('/business/2026/03/tugs/', `http://localhost:${site.port}/business/2026/03/cranes-local/`);
    const { d, lines } = deps(fetcher());
    const result = await pollFeed(d, site.url('/teasers.rss'), { intervalMinutes: 15 });
    expect(result.status).toBe('added');
    const byTitle = new Map(result.added.map((a) => [a.title.split(' ')[0]!, a]));
    expect(result.added).toHaveLength(9);

    const cranes = byTitle.get('Port')!;
    expect(cranes.teaserOnly).toBeUndefined();
    expect(cranes.excerpt).toBe(false);
    expect(cranes.body.split('\n\n')).toHaveLength(6);
    expect(cranes.body).toContain('Ships waited an average of nineteen hours for a berth last summer');
    expect(cranes.body).toContain('retrain crane drivers on simulators');
    for (const boilerplate of ['Business', 'Share on', 'Copy link', 'Related stories', 'Ferry fares', 'harbourfan88', 'Comments', 'Privacy policy', 'cookies', 'SCRIPT RAN', 'trackPageView', 'Photo:']) {
      expect(cranes.body).not.toContain(boilerplate);
    }
    const file = readFileSync(path.join(d.corpusDir, cranes.file!), 'utf8');
    expect(file).toMatch(/\ntext: full\n/);

    const kept = { Inside: 'PAYWALL', Council: 'LOGIN_WALL', Shipyard: 'FETCH_HTTP', Annual: 'FETCH_TOO_LARGE', Fish: 'FETCH_TIMEOUT', Pilot: 'FETCH_FORBIDDEN_ADDRESS', Tug: 'FETCH_FORBIDDEN_ADDRESS', 'Interview:': 'FETCH_ROBOTS' };
    const warnings = lines.filter((l) => l.msg === 'full text not taken; teaser kept');
    expect(warnings).toHaveLength(Object.keys(kept).length);
    for (const [word, code] of Object.entries(kept)) {
      const a = byTitle.get(word)!;
      expect(a.teaserOnly, word).toBe(true);
      expect(a.body.split(/(?<=\.)\s/)).toHaveLength(1);
      expect(readFileSync(path.join(d.corpusDir, a.file!), 'utf8')).toMatch(/\ntext: teaser\n/);
      const logged = warnings.filter((w) => w.url === a.url);
      expect(logged, word).toHaveLength(1);
      expect(logged[0]).toMatchObject({ code, reason: expect.any(String) });
    }
    expect(String(warnings.find((w) => w.code === 'FETCH_ROBOTS')!.reason)).toContain('/members/');

    // Nothing outside the allowed host was contacted: not 127.0.0.2, not "localhost" (which is 127.0.0.1 by another name).
    expect(elsewhere.requests).toEqual([]);
    expect(site.requests.map((r) => r.path)).not.toContain('/business/2026/03/cranes-local/');
    expect(site.requests.map((r) => r.path)).not.toContain('/members/2026/03/interview/');
    expect(new Set(site.requests.map((r) => r.host))).toEqual(new Set([`127.0.0.1:${site.port}`]));
    // Polite: robots.txt read once and first; every page request names Brief; one gap before each later request.
    const pageRequests = site.requests.filter((r) => r.path !== '/teasers.rss');
    expect(pageRequests[0]!.path).toBe('/robots.txt');
    expect(pageRequests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
    for (const r of pageRequests) expect(r.userAgent).toBe('Brief/0.1 (+https://brief.example/about)');
    expect(sleeps).toEqual(new Array(pageRequests.length - 1).fill(1_000));

    // The brief cites the full text, and says "teaser only" where that is all there is.
    const briefs = inProcessBriefService(buildIndex(result.added), () => new Date('2026-03-30T07:00:00Z'));
    const brief = await briefs.brief('crane berth waiting');
    expect(brief.kind).toBe('results');
    if (brief.kind !== 'results') return;
    expect(brief.synthesis.map((c) => c.text).join(' ')).toMatch(/nineteen hours|bottleneck|2\.4 million containers/);
    const teaser = await briefs.brief('council budget');
    expect(teaser.kind).toBe('results');
    if (teaser.kind !== 'results') return;
    const message = renderBrief(teaser);
    expect(JSON.stringify(message)).toContain('teaser only');
    expect(messageProblems(message)).toEqual([]);
  });

  it('with FULL_TEXT off no article page is fetched and nothing is labelled', async () => {
    const { d } = deps(undefined);
    const result = await pollFeed(d, site.url('/teasers.rss'), { intervalMinutes: 15 });
    expect(result.added).toHaveLength(9);
    expect(site.requests.map((r) => r.path)).toEqual(['/teasers.rss']);
    expect(result.added.every((a) => a.teaserOnly === undefined && a.excerpt)).toBe(true);
  });
});

describe('the polite fetcher', () => {
  it('asks one host one thing at a time, with the gap between', async () => {
    const f = fetcher();
    const paths = ['/business/2026/03/cranes/', '/business/2026/03/rates/', '/local/2026/03/budget/'];
    const pages = await Promise.all(paths.map((p) => f.fetchPage(site.url(p))));
    expect(pages.map((p) => p.url)).toEqual(paths.map((p) => site.url(p)));
    expect(site.maxInFlight).toBe(1);
    expect(site.requests.map((r) => r.path)).toEqual(['/robots.txt', ...paths]);
    expect(sleeps).toEqual([1_000, 1_000, 1_000]);
  });

  it('honours Crawl-delay, refuses other schemes, bounds redirects, and refuses private addresses it is not told to allow', async () => {
    site.robots = 'User-agent: Brief\nCrawl-delay: 5\nAllow: /\n';
    const f = fetcher({ maxRedirects: 2 });
    await f.fetchPage(site.url('/business/2026/03/cranes/'));
    expect(sleeps).toEqual([5_000]);
    await expect(f.fetchPage('file:///etc/passwd')).rejects.toMatchObject({ code: 'FETCH_BAD_URL' });
    await expect(f.fetchPage('ftp://127.0.0.1/x')).rejects.toMatchObject({ code: 'FETCH_BAD_URL' });
    site.redirects.set('/a', '/b').set('/b', '/c').set('/c', '/d');
    await expect(f.fetchPage(site.url('/a'))).rejects.toMatchObject({ code: 'FETCH_REDIRECTS' });
    expect(site.requests.map((r) => r.path).slice(-3)).toEqual(['/a', '/b', '/c']); // two redirects followed, the third refused
    const strict = createPoliteFetcher({ userAgent: UA, minGapMs: 0 });
    await expect(strict.fetchPage(site.url('/business/2026/03/cranes/'))).rejects.toMatchObject({ code: 'FETCH_FORBIDDEN_ADDRESS' });
    await expect(strict.fetchPage(`http://[::1]:${site.port}/`)).rejects.toMatchObject({ code: 'FETCH_FORBIDDEN_ADDRESS' });
    await expect(strict.fetchPage(`http://localhost:${site.port}/`)).rejects.toMatchObject({ code: 'FETCH_FORBIDDEN_ADDRESS' });
    expect(site.requests.filter((r) => r.userAgent !== 'Brief/0.1 (+https://brief.example/about)')).toEqual([]);
  });
});

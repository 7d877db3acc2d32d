import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessBriefService, type BriefService } from '../../src/brief/brief-service.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { indexLookup } from '../../src/digest/pick-digest.js';
import { runDigest } from '../../src/digest/run-digest.js';
import { trackArrivals } from '../../src/digest/track-arrivals.js';
import { systemClock } from '../../src/clock.js';
import { createFeedPoller } from '../../src/feeds/feed-poller.js';
import { fetchFeed } from '../../src/feeds/fetch-feed.js';
import { entryFile } from '../../src/feeds/entry-file.js';
import { htmlToParagraphs, type FeedEntry } from '../../src/feeds/parse-feed.js';
import { ingestFeedSource, pollFeed, type IngestDeps } from '../../src/feeds/ingest-feed.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { messageProblems } from '../support/block-kit.js';
import { DigestSlackDouble } from '../support/digest-slack-double.js';
import { CORPUS } from '../support/paths.js';
import { captureLogger, tempDir } from '../digest/helpers.js';
import { FEED_FIXTURES, FeedServer } from './feed-server.js';

let server: FeedServer;
let tmp: ReturnType<typeof tempDir>;
let store: Stores;
let index: BriefIndex;
let briefs: BriefService;
let corpusDir: string;
let clock: Date;
const now = () => clock;

beforeEach(async () => {
  server = await new FeedServer().start();
  tmp = tempDir('brief-feeds-');
  corpusDir = path.join(tmp.dir, 'corpus');
  cpSync(CORPUS, corpusDir, { recursive: true });
  store = openSqliteStore(path.join(tmp.dir, 'brief.db'));
  clock = new Date('2026-03-30T06:30:00Z');
  index = buildIndex((await readCorpus(corpusDir)).articles);
  briefs = trackArrivals(inProcessBriefService(index, now), store.arrivals, now);
});
afterEach(async () => {
  await server.close();
  await store.close();
  tmp.remove();
});

function deps(extra: Partial<IngestDeps> = {}): IngestDeps & { lines: Record<string, unknown>[] } {
  const { log, lines } = captureLogger();
  return { ...store, corpusDir, now, log, apply: (articles) => briefs.apply({ upserted: articles, removed: [] }), fetch: { timeoutMs: 1000, maxBytes: 64 * 1024, allowHosts: ['127.0.0.1'] }, lines, ...extra };
}

/** One pass of the poller, as its timer runs it (pollNow sets no timer). */
const pollOnce = (d: IngestDeps, urls: readonly string[]) => createFeedPoller(d, urls, { intervalMinutes: 15, clock: systemClock }).pollNow();
const feeds = () => ['/world.rss', '/science.atom', '/regional.rdf'].map((p) => server.url(p));
const broken = () => ['/broken.xml', '/missing.rss', '/slow.rss', '/huge.rss'].map((p) => server.url(p));

describe('feed ingestion from a loopback server', () => {
  it('takes in RSS, Atom and RDF items: they show up in /brief and in the next digest', async () => {
    const d = deps();
    const results = await pollOnce(d, feeds());
    expect(results.map((r) => [r.status, r.added.length])).toEqual([['added', 3], ['added', 2], ['added', 2]]);

    const files = readdirSync(path.join(corpusDir, 'feeds'), { recursive: true }).map(String).filter((f) => f.endsWith('.md'));
    expect(files).toHaveLength(7);
    expect(readdirSync(path.join(corpusDir, 'feeds'), { recursive: true }).map(String).some((f) => path.basename(f).startsWith('.'))).toBe(false);

    const glacier = results[0]!.added.find((a) => a.title.startsWith('Glacier lake'))!;
    expect(glacier).toMatchObject({ source: 'Harbourview Times – World', author: 'Ines Marlowe', published: '2026-03-30T04:40:00.000Z', tags: ['climate', 'alps'], excerpt: false });
    expect(glacier.body).toContain('1,200 residents');
    expect(glacier.url).toBe('https://harbourview.example/world/2026/03/glacier-lake-drained/');
    expect(glacier.body).not.toMatch(/<|trackPageView|lake\.jpg/);
    // A relative link, resolved against the site; no date: none invented.
    const ferry = results[0]!.added.find((a) => a.title.startsWith('Ferry operators'))!;
    expect(ferry.url).toBe('https://harbourview.example/world/2026/03/ferry-strike-ends/');
    expect(ferry.title).toBe('Ferry operators & unions agree pay deal, ending strike');
    expect(ferry.published).toBeUndefined();
    const deepSea = results[1]!.added.find((a) => a.title.includes('Deep-sea'))!;
    expect(deepSea.title).toBe('Deep-sea survey finds forty unknown species');
    expect(deepSea.body).toContain('translucent sea cucumber');
    expect(results[1]!.added.find((a) => a.title.startsWith('Solar farm'))!.url).toBe('https://northlight.example/science/2026/solar-on-coal-site');
    expect(results[2]!.added.map((a) => a.body).join(' ')).toContain('Café owners');

    const brief = await briefs.brief('glacier lake villages');
    expect(brief.kind).toBe('results');
    expect(brief.kind === 'results' && brief.items[0]!.article.id).toBe(glacier.id);
    expect(briefs.stats().articles).toBe(6 + 7);

    const slack = await new DigestSlackDouble().start();
    try {
      clock = new Date('2026-03-30T07:00:00Z');
      const { log } = captureLogger();
      const outcome = await runDigest({ ...store, articles: indexLookup(index), client: slack.client(), now, sleep: async () => undefined, log }, { key: 'channel:C1', channel: 'C1', schedule: { time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6] } }, clock);
      expect(outcome.status).toBe('posted');
      const all = JSON.stringify(slack.messages);
      for (const title of ['Glacier lake', 'Deep-sea survey', 'Bridge tolls scrapped', 'Central bank holds rates']) expect(all).toContain(title);
      expect(all).not.toContain('Taliban'); // the seed corpus did not arrive in this window
      for (const m of slack.messages) expect(messageProblems(m)).toEqual([]);
    } finally {
      await slack.close();
    }
  });

  it('a second poll adds nothing: conditional requests, and items seen before are skipped', async () => {
    const d = deps();
    await pollOnce(d, feeds());
    const second = await pollOnce(d, feeds());
    expect(second.map((r) => r.status)).toEqual(['not-modified', 'not-modified', 'not-modified']);
    expect(server.requests.filter((r) => r.path === '/world.rss')[1]).toMatchObject({ ifNoneMatch: expect.stringContaining('world.rss'), ifModifiedSince: 'Mon, 30 Mar 2026 06:00:00 GMT' });

    // The publisher changes the feed: one new item, one old item under a new title and a www. link.
    server.routes.set('/world.rss', 'world-updated.rss');
    const third = await pollOnce(d, [server.url('/world.rss')]);
    expect(third[0]!.added.map((a) => a.title)).toEqual(['Wildfire season starts early in the south']);
    // The same items by hand from a file: nothing new either.
    expect((await ingestFeedSource(d, path.join(FEED_FIXTURES, 'world.rss'))).added).toEqual([]);
    expect(index.articles.size).toBe(6 + 8);
  });

  it('an item whose file cannot be written is released, and taken by the next poll', async () => {
    const d = deps();
    writeFileSync(path.join(corpusDir, 'feeds'), 'a file where the feeds folder should be');
    const [failed] = await pollOnce(d, [server.url('/world.rss')]);
    expect(failed).toMatchObject({ status: 'failed', added: [] });
    rmSync(path.join(corpusDir, 'feeds'));
    const retried = await pollFeed(d, server.url('/world.rss'), { intervalMinutes: 15, force: true });
    expect(retried).toMatchObject({ status: 'added' });
    expect(retried.added).toHaveLength(3);
  });

  it('a broken feed (bad XML, 404, timeout, huge body) is logged and skipped; the others go on', async () => {
    const d = deps();
    const urls = [...broken().slice(0, 2), ...feeds(), ...broken().slice(2)];
    const results = await pollOnce(d, urls);
    expect(results.map((r) => r.error?.code ?? r.status)).toEqual(['FEED_INVALID', 'FEED_HTTP', 'added', 'added', 'added', 'FEED_TIMEOUT', 'FEED_TOO_LARGE']);
    expect(d.lines.filter((l) => l.msg === 'feed skipped').map((l) => l.feed)).toHaveLength(4);
    expect(index.articles.size).toBe(13);

    // Backoff: a failed feed is not fetched again before its time; a good one is.
    const before = server.requests.length;
    clock = new Date(clock.getTime() + 16 * 60_000);
    const again = await pollOnce(d, urls);
    expect(again.map((r) => r.status)).toEqual(['failed', 'failed', 'not-modified', 'not-modified', 'not-modified', 'failed', 'failed']);
    clock = new Date(clock.getTime() + 16 * 60_000);
    const third = await pollOnce(d, urls);
    expect(third.map((r) => r.status)).toEqual(['backing-off', 'backing-off', 'not-modified', 'not-modified', 'not-modified', 'backing-off', 'backing-off']);
    expect(server.requests.length - before).toBe(7 + 3);
    expect((await store.feeds.getFeedState(server.url('/missing.rss')))?.failures).toBe(2);
  });
});

describe('feed helpers', () => {
  it('keys, slugs and HTML to text', () => {
    const file = (entry: Partial<FeedEntry>) => entryFile({ text: 'Body.', categories: [], excerpt: false, ...entry }, {}, 'https://x.org/rss', new Date('2026-03-30T12:00:00Z'));
    expect(file({ guid: '42', link: 'https://www.x.org/a/?utm_source=rss', title: 'T' })?.keys).toEqual({ guidKey: 'https://x.org/rss 42', linkKey: 'https://x.org/a' });
    expect(file({ title: 'Harbour Bridge Reopens — After Repairs!', link: 'https://x.org/a' })?.file).toMatch(/^feeds\/x\.org\/2026-03-30-harbour-bridge-reopens-after-repairs-[0-9a-f]{8}\.md$/);
    expect(file({ title: 'Ünïcödé ☃', link: 'https://x.org/b' })?.file).toMatch(/^feeds\/x\.org\/2026-03-30-unicode-[0-9a-f]{8}\.md$/);
    expect(htmlToParagraphs('<p>One <b>two</b> <a href="/x">three</a></p><p>Four<img src="y.png"></p>')).toBe('One two three\n\nFour');
    expect(readFileSync(path.join(FEED_FIXTURES, 'regional.rdf')).includes(0xe9)).toBe(true); // really ISO-8859-1
  });
});

describe('feed fetching is as careful as page fetching', () => {
  it('a feed at a loopback address is refused unless its host is allowed, and nothing is sent to it', async () => {
    await expect(fetchFeed(server.url('/world.rss'))).rejects.toMatchObject({ code: 'FEED_REFUSED', message: expect.stringContaining('FETCH_ALLOW_HOSTS') });
    await expect(fetchFeed(server.url('/world.rss').replace('127.0.0.1', 'localhost'))).rejects.toMatchObject({ code: 'FEED_REFUSED' });
    await expect(fetchFeed('file:///etc/passwd')).rejects.toMatchObject({ code: 'FEED_REFUSED' });
    expect(server.requests).toEqual([]);
    expect(await fetchFeed(server.url('/world.rss'), {}, { allowHosts: ['127.0.0.1'] })).toMatchObject({ status: 'ok', etag: expect.any(String) });
  });
});

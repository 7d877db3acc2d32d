import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedsCli } from '../../src/cli/feeds.js';
import { ingestCli } from '../../src/cli/ingest.js';
import { parseOpml, renderOpml } from '../../src/feeds/opml.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../digest/helpers.js';

const SUBSCRIPTIONS = path.join(ROOT, 'test/fixtures/opml/subscriptions.opml');
let tmp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
beforeEach(() => {
  tmp = tempDir('brief-opml-');
  env = { CORPUS_DIR: path.join(tmp.dir, 'corpus'), DATABASE_PATH: path.join(tmp.dir, 'brief.db'), LOG_LEVEL: 'silent', FULL_TEXT: 'off' };
});
afterEach(() => tmp.remove());

async function run(cli: typeof ingestCli, args: string[]) {
  let out = '';
  let err = '';
  const code = await cli(args, env, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('OPML', () => {
  it('reads feeds from nested folders, each URL once, and reports what is not a feed address', () => {
    const { feeds, problems } = parseOpml(readFileSync(SUBSCRIPTIONS, 'utf8'));
    expect(feeds).toEqual([
      { url: 'https://harbourview.example/world/rss', name: 'Harbourview & World' },
      { url: 'https://english.news.cn/rss/worldrss.xml', name: 'Xinhua English' },
      { url: 'https://northlight.example/science/atom', name: 'Science' },
    ]);
    expect(problems).toEqual(['"mailto:feeds@example.com" is not an http(s) feed address']);
    expect(parseOpml('<html><body>not opml</body></html>')).toEqual({ feeds: [], problems: ['not an OPML file (no <opml> element)'] });
    expect(parseOpml('<<<\u0000')).toMatchObject({ feeds: [] });
  });

  it('round-trips: what Brief exports, Brief (or a reader) imports as the same list', () => {
    const feeds = [{ url: 'https://x.org/rss?a=1&b=2', name: 'X & "Y" <Z>' }, { url: 'https://y.org/atom' }];
    const text = renderOpml(feeds, new Date('2026-03-30T06:00:00Z'));
    expect(text).toContain('<dateCreated>Mon, 30 Mar 2026 06:00:00 GMT</dateCreated>');
    expect(parseOpml(text).feeds).toEqual([feeds[0], { url: 'https://y.org/atom', name: 'https://y.org/atom' }]);
  });

  it('npm run ingest -- --opml adds each feed once; npm run feeds -- export writes them back', async () => {
    const first = await run(ingestCli, ['--opml', SUBSCRIPTIONS]);
    expect(first).toMatchObject({ code: 0, out: `${SUBSCRIPTIONS}: 3 feeds, 3 added to the feed list, 0 already in it\n` });
    expect(first.err).toContain('mailto:feeds@example.com');
    expect((await run(ingestCli, ['--opml', SUBSCRIPTIONS])).out).toContain('3 feeds, 0 added to the feed list, 3 already in it');
    const notOpml = path.join(tmp.dir, 'page.opml');
    writeFileSync(notOpml, '<html></html>');
    expect(await run(ingestCli, ['--opml', notOpml])).toMatchObject({ code: 1, err: expect.stringContaining('not an OPML file') });

    const store = openSqliteStore(env.DATABASE_PATH!);
    expect((await store.feeds.listFeeds()).map((f) => [f.url, f.name, f.addedBy])).toEqual([
      ['https://harbourview.example/world/rss', 'Harbourview & World', 'opml'],
      ['https://english.news.cn/rss/worldrss.xml', 'Xinhua English', 'opml'],
      ['https://northlight.example/science/atom', 'Science', 'opml'],
    ]);
    await store.close();

    const exported = await run(feedsCli, ['export']);
    expect(exported.code).toBe(0);
    expect(parseOpml(exported.out).feeds.map((f) => f.url)).toEqual(['https://harbourview.example/world/rss', 'https://english.news.cn/rss/worldrss.xml', 'https://northlight.example/science/atom']);
    const file = path.join(tmp.dir, 'out.opml');
    expect((await run(feedsCli, ['export', '--out', file])).out).toBe(`${file}: 3 feeds\n`);
    expect(parseOpml(readFileSync(file, 'utf8')).feeds).toHaveLength(3);
    expect((await run(feedsCli, ['list'])).out.split('\n').filter(Boolean)).toHaveLength(3);
    expect((await run(feedsCli, ['frobnicate'])).code).toBe(2);
  });
});

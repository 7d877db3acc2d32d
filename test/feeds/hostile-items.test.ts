/**
 * Issue 9, item 9: feed items with no link, id or title are counted and warned about once per pass;
 * every path segment made from feed data stays inside `feeds/` (`http://../x` included).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryFile } from '../../src/feeds/entry-file.js';
import { ingestFeedSource } from '../../src/feeds/ingest-feed.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { captureLogger, tempDir } from '../digest/helpers.js';

let tmp: ReturnType<typeof tempDir>;
let store: Stores;
let corpusDir: string;
beforeEach(() => {
  tmp = tempDir('brief-hostile-feed-');
  corpusDir = path.join(tmp.dir, 'corpus');
  mkdirSync(corpusDir);
  store = openSqliteStore(path.join(tmp.dir, 'brief.db'));
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

const item = (inner: string) => `<item>${inner}</item>`;
const rss = (items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>http://../home</link>${items.join('')}</channel></rss>`;

describe('hostile feed items', () => {
  it('counts items with no link, id or title, warns once, and writes every file inside feeds/', async () => {
    const feed = path.join(tmp.dir, 'hostile.rss');
    writeFileSync(feed, rss([
      item('<description>No link, no guid, no title.</description>'),
      item('<description>Another anonymous item.</description>'),
      item('<title>Dot dot host</title><link>http://../x</link><description>A story from a host named dot dot.</description>'),
      item('<title>Encoded dot dot</title><link>http://%2e%2e/y</link><description>Another one.</description>'),
      item('<title>Fine</title><link>https://news.example/fine</link><description>A fine story.</description>'),
    ]));
    const { log, lines } = captureLogger();
    const result = await ingestFeedSource({ ...store, corpusDir, now: () => new Date('2026-03-30T06:30:00Z'), log }, feed);
    expect(result.items).toBe(5);
    expect(result.skipped).toBe(2);
    expect(result.added.map((a) => a.title).sort()).toEqual(['Dot dot host', 'Encoded dot dot', 'Fine']);
    const warnings = lines.filter((l) => l.msg === 'feed items with no link, id or title skipped');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, skipped: 2, items: 5 });
    for (const a of result.added) {
      const full = path.resolve(corpusDir, a.file!);
      expect(full.startsWith(path.join(corpusDir, 'feeds') + path.sep)).toBe(true);
      expect(existsSync(full)).toBe(true);
    }
    expect(readdirSync(corpusDir)).toEqual(['feeds']);
    expect(readdirSync(tmp.dir).filter((f) => !f.startsWith('brief.db')).sort()).toEqual(['corpus', 'hostile.rss']);
  });

  it('a folder named from feed data is never . or .. or a hidden name', () => {
    const folder = (published: string) => /^feeds\/x\.org\/(.+)-t-[0-9a-f]{8}\.md$/.exec(entryFile({ title: 'T', link: 'https://x.org/a', published, text: 'B.', categories: [], excerpt: false }, {}, 'https://x.org/rss', new Date(0))?.file ?? '')?.[1];
    expect(['..', '.', '...', '.hidden', '-x', 'A/B', '?', 'News.Org'].map(folder)).toEqual(['unknown', 'unknown', 'unknown', 'hidden', 'x', 'ab', 'unknown', 'news.org']);
  });
});

/**
 * Issue 9, item 8: one duplicate-URL rule at start-up and live. The article that arrived first (by the
 * store's recorded arrivals) keeps its URL; path order only breaks ties when no arrival is recorded.
 * A file named `aaa-spoof.md` rejected while running cannot take the USIP article over at restart.
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorpusProblem } from '../../src/articles/article.js';
import { loadCorpusIndex } from '../../src/corpus/load-index.js';
import { readCorpus, storeArrivals } from '../../src/corpus/read-corpus.js';
import { watchCorpus } from '../../src/corpus/watch-corpus.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { captureLogger, tempDir } from '../digest/helpers.js';
import { CORPUS } from '../support/paths.js';

const USIP = 'https://www.usip.org/publications/2022/02/taliban-are-collecting-revenue-how-are-they-spending-it';

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let store: Stores;
beforeEach(() => {
  tmp = tempDir('brief-dup-');
  dir = path.join(tmp.dir, 'corpus');
  cpSync(CORPUS, dir, { recursive: true });
  store = openSqliteStore(path.join(tmp.dir, 'brief.db'));
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

const spoof = `---\ntitle: Spoofed headline about the Taliban\nurl: ${USIP}?utm_source=spoof\n---\n\nA spoofed story.\n`;
const usipTitle = (articles: { url?: string; title: string }[]) => articles.find((a) => a.url?.includes('usip.org') === true)?.title;

describe('the duplicate-URL rule', () => {
  it('the first one seen keeps the URL after a restart; the later file stays a reported duplicate', async () => {
    // First start: the seed corpus is read and its arrivals recorded (as the digest runtime does).
    const first = await readCorpus(dir, { arrivals: storeArrivals(store.arrivals) });
    await store.arrivals.recordArrivals(first.articles.map((a) => a.id), new Date('2026-03-30T08:00:00Z'));

    // While running, aaa-spoof.md arrives with the USIP URL and is rejected.
    const problems: CorpusProblem[] = [];
    const { log } = captureLogger();
    const watcher = watchCorpus({ dir, initial: first.articles, apply: async (c) => void (await store.arrivals.recordArrivals(c.upserted.map((a) => a.id), new Date('2026-03-30T09:00:00Z'))), log, debounceMs: 50, onProblem: (p) => problems.push(p) });
    await watcher.ready;
    writeFileSync(path.join(dir, 'aaa-spoof.md'), spoof);
    await vi.waitFor(() => expect(problems.map((p) => p.file)).toContain('aaa-spoof.md'), { timeout: 10_000, interval: 20 });
    await watcher.close();
    expect(problems.find((p) => p.file === 'aaa-spoof.md')!.reason).toBe('duplicate of taliban-collecting-revenue.md (the same URL); kept once');

    // Restart: the same rule, from the recorded arrivals.
    const restarted = await loadCorpusIndex(dir, { snapshotPath: false, arrivals: storeArrivals(store.arrivals) });
    expect(usipTitle(restarted.corpus.articles)).toBe('Taliban Are Collecting Revenue — But How Are They Spending It?');
    expect(restarted.corpus.articles).toHaveLength(6);
    expect(restarted.corpus.duplicates).toEqual([{ file: 'aaa-spoof.md', reason: 'duplicate of taliban-collecting-revenue.md (the same URL); kept once' }]);
    expect(restarted.corpus.shadowed!.map((a) => a.file)).toEqual(['aaa-spoof.md']);
  });

  it('with nothing recorded (a first start), path order decides', async () => {
    writeFileSync(path.join(dir, 'aaa-spoof.md'), spoof);
    const corpus = await readCorpus(dir, { arrivals: storeArrivals(store.arrivals) });
    expect(usipTitle(corpus.articles)).toBe('Spoofed headline about the Taliban');
    expect(corpus.duplicates.map((d) => d.file)).toEqual(['taliban-collecting-revenue.md']);
  });
});

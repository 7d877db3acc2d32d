import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorpusProblem } from '../src/articles/article.js';
import type { CorpusChange } from '../src/articles/corpus-change.js';
import { inProcessBriefService, type BriefService } from '../src/brief/brief-service.js';
import { readCorpus } from '../src/corpus/read-corpus.js';
import { watchCorpus, type CorpusWatcher } from '../src/corpus/watch-corpus.js';
import { buildIndex } from '../src/search/build-index.js';
import { captureLogger, tempDir } from './digest/helpers.js';
import { CORPUS } from './support/paths.js';

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let briefs: BriefService;
let watcher: CorpusWatcher;
let applied: CorpusChange[];
let problems: CorpusProblem[];
let kinds: string[];
let okFiles: string[];

beforeEach(async () => {
  tmp = tempDir('brief-watch-');
  dir = path.join(tmp.dir, 'corpus');
  cpSync(CORPUS, dir, { recursive: true });
  const corpus = await readCorpus(dir);
  const index = buildIndex(corpus.articles);
  const service = inProcessBriefService(index, () => new Date('2026-03-30T08:00:00Z'));
  applied = [];
  problems = [];
  kinds = [];
  okFiles = [];
  // Every query made while changes land must see a full index.
  briefs = { ...service, apply: async (change) => {
    kinds.push((await service.brief('xi putin')).kind);
    await service.apply(change);
    kinds.push((await service.brief('xi putin')).kind);
  } };
  const { log } = captureLogger();
  watcher = watchCorpus({ dir, initial: corpus.articles, apply: (c) => briefs.apply(c), log, debounceMs: 100, onApplied: (c) => applied.push(c), onProblem: (p) => problems.push(p), onFileOk: (f) => okFiles.push(f) });
  await watcher.ready;
});
afterEach(async () => {
  await watcher.close();
  tmp.remove();
});

const file = (name: string) => path.join(dir, name);
const titlesFor = async (q: string) => {
  const brief = await briefs.brief(q);
  return brief.kind === 'results' ? brief.items.map((i) => i.article.title) : [];
};

describe('live corpus', () => {
  it('editing a corpus file changes the next brief without a restart', async () => {
    expect(await titlesFor('zanzibar')).toEqual([]);
    const original = readFileSync(file('taliban-collecting-revenue.md'), 'utf8');
    writeFileSync(file('taliban-collecting-revenue.md'), original.replace(/^title: .*$/m, 'title: Taliban revenue audit reaches Zanzibar traders'));
    await vi.waitFor(async () => expect(await titlesFor('zanzibar')).toEqual(['Taliban revenue audit reaches Zanzibar traders']), { timeout: 10_000, interval: 25 });
    expect(applied.every((c) => c.removed.length === 0)).toBe(true);
    expect(briefs.stats().articles).toBe(6);
    expect(kinds.every((k) => k === 'results')).toBe(true);
  });

  it('renaming a file keeps its article (the old name is let go before the new one is read)', async () => {
    writeFileSync(file('z-note.md'), '---\nid: note-1\ntitle: Zebra crossing note\n---\nA zebra crossing was painted.\n');
    await vi.waitFor(async () => expect(await titlesFor('zebra')).toEqual(['Zebra crossing note']), { timeout: 10_000, interval: 25 });
    const before = applied.length;
    renameSync(file('z-note.md'), file('a-note.md'));
    await vi.waitFor(async () => {
      expect(applied.length).toBeGreaterThan(before);
      expect(await titlesFor('zebra')).toEqual(['Zebra crossing note']);
    }, { timeout: 10_000, interval: 25 });
    expect(problems).toEqual([]);
  });

  it('a new file for a URL the corpus already holds is reported as a duplicate and kept once, as at start-up', async () => {
    const original = readFileSync(file('xi-meets-putin-strategic-coordination.md'), 'utf8');
    writeFileSync(file('xi-repost.md'), original.replace(/^title: .*$/m, 'title: Xi and Putin meet (zebra copy)').replace('https://www.globaltimes.cn/page/202202/1251396.shtml', 'https://globaltimes.cn/page/202202/1251396.shtml/?utm_source=feed'));
    await vi.waitFor(() => expect(problems.map((p) => p.file)).toContain('xi-repost.md'), { timeout: 10_000, interval: 25 });
    expect(problems.find((p) => p.file === 'xi-repost.md')!.reason).toBe('duplicate of xi-meets-putin-strategic-coordination.md (the same URL); kept once');
    expect(await titlesFor('zebra')).toEqual([]);
    // Once the original is gone, the copy (never touched again) is the article for that URL: 6 stay 6.
    rmSync(file('xi-meets-putin-strategic-coordination.md'));
    await vi.waitFor(async () => expect(await titlesFor('zebra')).toEqual(['Xi and Putin meet (zebra copy)']), { timeout: 10_000, interval: 25 });
    expect(briefs.stats().articles).toBe(6);
  });

  it('a broken edit is reported and the previous good article is kept; adding and deleting files work', async () => {
    writeFileSync(file('taliban-collecting-revenue.md'), 'no front matter here, just text');
    await vi.waitFor(() => expect(problems).toHaveLength(1), { timeout: 10_000, interval: 25 });
    expect(problems[0]!.file).toBe('taliban-collecting-revenue.md');
    expect((await titlesFor('taliban revenue'))[0]).toMatch(/Taliban Are Collecting Revenue/);
    expect(okFiles).toEqual([]);

    writeFileSync(file('new-story.md'), '---\ntitle: Lighthouse keepers return to the outer islands\npublished: 2026-03-30\n---\n\nThe lighthouse keepers returned on Monday after a decade of automation.\n');
    writeFileSync(file('notes.txt'), 'not a corpus file');
    await vi.waitFor(async () => expect(await titlesFor('lighthouse keepers')).toEqual(['Lighthouse keepers return to the outer islands']), { timeout: 10_000, interval: 25 });
    expect(briefs.stats().articles).toBe(7);
    expect(new Set(okFiles)).toEqual(new Set(['new-story.md']));

    rmSync(file('new-story.md'));
    await vi.waitFor(() => expect(applied.some((c) => c.removed.includes('new-story'))).toBe(true), { timeout: 10_000, interval: 25 });
    expect(applied.find((c) => c.removed.includes('new-story'))).toEqual({ upserted: [], removed: ['new-story'] });
    expect(await titlesFor('lighthouse keepers')).toEqual([]);
    expect(briefs.stats().articles).toBe(6);
    expect(problems).toHaveLength(1);
    expect(kinds.every((k) => k === 'results')).toBe(true);
  });

  it('when it starts, picks up files added or broken while the index was being built', async () => {
    await watcher.close();
    writeFileSync(file('xi-meets-putin-strategic-coordination.md'), '---\ntitle: [unclosed\n---\n\nBody.\n');
    const corpus = await readCorpus(dir); // start-up read: that file fails
    writeFileSync(file('late-arrival.md'), '---\ntitle: Late arrival about the tramway extension\n---\n\nThe tramway extension opened on Monday.\n');
    rmSync(file('kazakhstan-china-russia-strange-bedfellows.md'));
    const { log } = captureLogger();
    watcher = watchCorpus({ dir, initial: corpus.articles, apply: (c) => briefs.apply(c), log, debounceMs: 100, onApplied: (c) => applied.push(c), onProblem: (p) => problems.push(p) });
    await watcher.ready;
    expect(applied).toHaveLength(1);
    expect(applied[0]!.upserted.map((a) => a.id)).toEqual(['late-arrival']);
    expect(applied[0]!.removed).toEqual(['kazakhstan-china-russia-strange-bedfellows']);
    expect(problems.map((p) => p.file)).toEqual(['xi-meets-putin-strategic-coordination.md']);
    expect(await titlesFor('tramway extension')).toEqual(['Late arrival about the tramway extension']);
    expect(briefs.stats().articles).toBe(6);
  });

  it('a burst of writes lands in full and dot-files are ignored (the debounce itself is tested with a fake clock)', async () => {
    for (let i = 0; i < 5; i++) writeFileSync(file(`burst-${i}.md`), `---\ntitle: Burst story number ${i} on harbour cranes\n---\n\nCrane operators at the harbour met on day ${i}.\n`);
    writeFileSync(file('.burst-temp.md.tmp'), 'half a file');
    writeFileSync(file('.hidden.md'), '---\ntitle: Hidden\n---\n\nHidden text.\n');
    await vi.waitFor(() => expect(new Set(applied.flatMap((c) => c.upserted.map((a) => a.id))).size).toBe(5), { timeout: 10_000, interval: 25 });
    await watcher.flush();
    expect(briefs.stats().articles).toBe(11);
    expect(applied.flatMap((c) => c.upserted).every((a) => a.id.startsWith('burst-'))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('a file edited every 50 ms without pause is still applied while the edits go on (the debounce has a maximum wait)', async () => {
    await watcher.close();
    const { log } = captureLogger();
    // Quiet time far above the edit interval: only the maximum wait can let a change through.
    watcher = watchCorpus({ dir, initial: (await readCorpus(dir)).articles, apply: (c) => briefs.apply(c), log, debounceMs: 400, maxWaitMs: 1000, onApplied: (c) => applied.push(c) });
    await watcher.ready;
    let writes = 0;
    let writesWhenApplied: number | undefined;
    const stream = setInterval(() => {
      writes += 1;
      writeFileSync(file('ticker.md'), `---\ntitle: Ticker update number ${writes} on the tramway\n---\n\nThe tramway ticker moved ${writes} times.\n`);
    }, 50);
    try {
      await vi.waitFor(() => {
        expect(applied.flatMap((c) => c.upserted).some((a) => a.id === 'ticker')).toBe(true);
        writesWhenApplied ??= writes;
      }, { timeout: 15_000, interval: 25 });
      // The stream was still running: later writes keep coming after the change landed.
      await vi.waitFor(() => expect(writes).toBeGreaterThan(writesWhenApplied! + 2), { timeout: 15_000, interval: 25 });
    } finally {
      clearInterval(stream);
    }
  }, 40_000);
});

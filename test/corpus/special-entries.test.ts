/**
 * Issue 9, item 4: symlink loops, links out of the corpus, FIFOs, sockets, devices and folders named
 * `*.md` are treated one way at start-up and live: never followed into a loop, never opened when they
 * are not regular files, each named once; a FIFO added while running does not stop live re-indexing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorpusProblem } from '../../src/articles/article.js';
import type { CorpusChange } from '../../src/articles/corpus-change.js';
import { loadCorpusIndex } from '../../src/corpus/load-index.js';
import { readCorpus, readCorpusFile } from '../../src/corpus/read-corpus.js';
import { watchCorpus, type CorpusWatcher } from '../../src/corpus/watch-corpus.js';
import { ingestFeedSource } from '../../src/feeds/ingest-feed.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { captureLogger, tempDir } from '../digest/helpers.js';

const md = (title: string) => `---\ntitle: ${title}\n---\n\nA sentence about ${title.toLowerCase()}.\n`;

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let socket: net.Server | undefined;
beforeEach(() => {
  tmp = tempDir('brief-special-');
  dir = path.join(tmp.dir, 'corpus');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'good.md'), md('Good harbour story'));
});
afterEach(async () => {
  await new Promise<void>((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
  socket = undefined;
  tmp.remove();
});

async function hostileCorpus(): Promise<void> {
  symlinkSync('.', path.join(dir, 'selfloop'));
  symlinkSync(tmp.dir, path.join(dir, 'parent'));
  symlinkSync('..', path.join(dir, 'up.md'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.md')]);
  socket = net.createServer();
  await new Promise<void>((resolve) => socket!.listen(path.join(dir, 'socket.md'), resolve));
  symlinkSync('/dev/zero', path.join(dir, 'device.md'));
  mkdirSync(path.join(dir, 'folder.md'));
  writeFileSync(path.join(dir, 'folder.md', 'inside.md'), md('Inside a folder named like a file'));
  symlinkSync('good.md', path.join(dir, 'alias.md'));
  writeFileSync(path.join(tmp.dir, 'outside.md'), md('Outside the corpus'));
  symlinkSync(path.join(tmp.dir, 'outside.md'), path.join(dir, 'escape.md'));
  symlinkSync('missing.md', path.join(dir, 'dangling.md'));
}

describe('special entries in the corpus folder', () => {
  it('at start-up: file links inside are read, folder links never followed, special files skipped before opening, each named once', async () => {
    await hostileCorpus();
    const corpus = await readCorpus(dir);
    expect(corpus.articles.map((a) => a.file).sort()).toEqual(['alias.md', path.join('folder.md', 'inside.md'), 'good.md']);
    const reasons = new Map(corpus.problems.map((p) => [p.file, p.reason]));
    expect(corpus.problems).toHaveLength(reasons.size);
    expect([...reasons.keys()].sort()).toEqual(['dangling.md', 'device.md', 'escape.md', 'fifo.md', 'parent', 'selfloop', 'socket.md', 'up.md']);
    expect(reasons.get('selfloop')).toMatch(/link to a folder/);
    expect(reasons.get('parent')).toMatch(/link to a folder/);
    expect(reasons.get('fifo.md')).toMatch(/not a regular file \(a FIFO\)/);
    expect(reasons.get('socket.md')).toMatch(/not a regular file \(a socket\)/);
    expect(reasons.get('device.md')).toMatch(/a device/);
    expect(reasons.get('escape.md')).toMatch(/outside the corpus/);
  });

  it('reading a FIFO, a folder or a device by name never blocks and says why', async () => {
    await hostileCorpus();
    expect((await readCorpusFile(dir, 'fifo.md')).problems[0]!.reason).toMatch(/FIFO/);
    expect((await readCorpusFile(dir, 'folder.md')).problems[0]!.reason).toMatch(/folder/);
    expect((await readCorpusFile(dir, 'device.md')).problems[0]!.reason).toMatch(/device/);
  });

  describe('live', () => {
    let watcher: CorpusWatcher;
    let applied: CorpusChange[];
    let problems: CorpusProblem[];
    afterEach(async () => {
      await watcher.close();
    });
    const start = async () => {
      const corpus = await readCorpus(dir);
      applied = [];
      problems = [];
      const { log } = captureLogger();
      watcher = watchCorpus({ dir, initial: corpus.articles, shadowed: corpus.shadowed ?? [], initialFiles: corpus.files ?? [], initialProblems: corpus.problems, apply: async () => {}, log, debounceMs: 50, onApplied: (c) => applied.push(c), onProblem: (p) => problems.push(p) });
      await watcher.ready;
    };

    it('with two link loops, an edit is applied once or twice (not once per loop), and a FIFO added while running is named once and does not stop later changes', async () => {
      await hostileCorpus();
      await start();
      expect(problems).toEqual([]); // all were named at start-up
      writeFileSync(path.join(dir, 'good.md'), md('Good harbour story, updated'));
      // The file and the link to it are both re-read; a loop would re-read them dozens of times.
      const upsertsOf = (file: string) => applied.flatMap((c) => c.upserted).filter((a) => a.file === file).length;
      await vi.waitFor(() => expect(Math.min(upsertsOf('good.md'), upsertsOf('alias.md'))).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 20 });
      await watcher.flush();
      expect(upsertsOf('good.md')).toBeLessThanOrEqual(2); // one write may be seen as two change events
      expect(upsertsOf('alias.md')).toBeLessThanOrEqual(2);
      expect(applied.flatMap((c) => c.upserted).every((a) => a.file === 'good.md' || a.file === 'alias.md')).toBe(true);

      execFileSync('mkfifo', [path.join(dir, 'late-fifo.md')]);
      await vi.waitFor(() => expect(problems.map((p) => p.file)).toContain('late-fifo.md'), { timeout: 10_000, interval: 20 });
      writeFileSync(path.join(dir, 'after.md'), md('After the FIFO'));
      await vi.waitFor(() => expect(applied.flatMap((c) => c.upserted.map((a) => a.file))).toContain('after.md'), { timeout: 10_000, interval: 20 });
      expect(problems.filter((p) => p.file === 'late-fifo.md')).toHaveLength(1);
      expect(applied.flatMap((c) => c.upserted).filter((a) => a.file === 'after.md')).toHaveLength(1);
    }, 30_000);
  });
});

describe('other files Brief reads by name', () => {
  it('a feed file or an index snapshot that is a FIFO is refused at once, not waited on', async () => {
    execFileSync('mkfifo', [path.join(tmp.dir, 'feed.rss'), path.join(tmp.dir, 'index.bin')]);
    const store = openSqliteStore(path.join(tmp.dir, 'brief.db'));
    const { log, lines } = captureLogger();
    try {
      await expect(ingestFeedSource({ ...store, corpusDir: dir, now: () => new Date('2026-03-30T08:00:00Z'), log }, path.join(tmp.dir, 'feed.rss'))).rejects.toMatchObject({ code: 'FEED_UNREADABLE', message: expect.stringMatching(/FIFO/) });
      const loaded = await loadCorpusIndex(dir, { snapshotPath: path.join(tmp.dir, 'index.bin'), log, progressBar: false });
      expect(loaded.from).toBe('built');
      expect(lines.find((l) => l.msg === 'index snapshot unreadable; building')).toBeDefined();
    } finally {
      await store.close();
    }
  });
});

import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import type { Article, CorpusProblem } from '../articles/article.js';
import type { CorpusChange } from '../articles/corpus-change.js';
import { debounce, type DebounceTimers } from './debounce.js';
import { liveCorpus, planCorpusChange, type FileRead } from './plan-corpus-change.js';
import type { PublisherRegistry } from '../articles/publishers.js';
import { isCorpusFile, listCorpusFiles, readCorpusFile } from './read-corpus.js';

export interface WatchOptions {
  /** The corpus folder. */
  dir: string;
  /** The articles already in the index (they say which file holds which ids). */
  initial: readonly Article[];
  /** Articles read at start-up but shadowed as duplicates: one comes back when its original goes. */
  shadowed?: readonly Article[];
  /** The corpus files read at start-up; when given, the start-up reconcile reads only files not among them. */
  initialFiles?: readonly string[];
  /** Problems already reported at start-up: not reported again unless they change. */
  initialProblems?: readonly CorpusProblem[];
  /** Applies a change to the live index: `BriefService.apply`. */
  apply: (change: CorpusChange) => Promise<void>;
  log: Logger;
  /** Quiet time after the last file event before the change is applied. Default 500 ms. */
  debounceMs?: number;
  /** Longest a change waits while events keep coming. Default 10 × `debounceMs`. */
  maxWaitMs?: number;
  /** Timers for the debounce (tests). */
  timers?: DebounceTimers;
  /** The clock arrivals are stamped with. Default `Date.now`. */
  now?: () => number;
  /** Told of every file that could not be used (its previous good articles stay). */
  onProblem?: (problem: CorpusProblem) => void;
  /** Told of every change applied (tests wait on it). */
  onApplied?: (change: CorpusChange) => void;
  /** Told of every file read cleanly, or deleted (a problem reported for it before is over). */
  onFileOk?: (file: string) => void;
  /**
   * When the watch starts, also apply files that are not among `initial`'s (added while the index
   * was being built, or that did not parse then) and `initial` files that are gone. Default true.
   */
  reconcile?: boolean;
  /** The publisher registry, applied to each file read (as at start-up). */
  publishers?: PublisherRegistry;
}

export interface CorpusWatcher {
  /** Resolves once the folder is being watched. */
  ready: Promise<void>;
  /** Applies pending changes now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches the corpus folder (chokidar) and applies added, edited and deleted files to the live
 * index, debounced with a maximum wait, through `apply` — which updates the index in place, so no
 * query sees an empty or half-built index. What changes is decided by the pure
 * {@link planCorpusChange} with the start-up duplicate rule; this shell only reads files. Links to
 * folders are never followed; FIFOs, sockets and devices are never opened. Each problem is reported
 * once (again only if it changes). Dot-files (such as the feed writer's temporary files) are ignored.
 *
 * @example const changes: [string[], string[]][] = [];
 * const w = watchCorpus({ dir: corpusDir, initial: articles, apply: async (c) => void changes.push([c.upserted.map((a) => a.title), c.removed]), log, debounceMs: 10, maxWaitMs: 100 });
 * await w.ready;
 * await writeFile(`${corpusDir}/harbour.md`, '---\ntitle: Harbour reopens\nurl: https://example.com/harbour\npublished: 2026-11-27\n---\n\nThe harbour reopened on Monday after repairs to the quay.\n');
 * await until(() => changes.length === 1);
 * await rm(`${corpusDir}/harbour.md`);
 * await until(() => changes.length === 2);
 * [changes[0][0], changes[1][1].length] // => [['Harbour reopens'], 1]
 * await w.close();
 */
export function watchCorpus(options: WatchOptions): CorpusWatcher {
  const dir = path.resolve(options.dir);
  const now = options.now ?? (() => Date.now());
  let state = liveCorpus(options.initial, options.shadowed ?? [], now());
  /** The reason last reported for each file, so each is named once. */
  const reported = new Map<string, string>((options.initialProblems ?? []).map((p) => [p.file, p.reason]));
  const pending = new Set<string>();
  let chain: Promise<void> = Promise.resolve();

  const relative = (p: string) => path.relative(dir, path.resolve(dir, p));
  const hidden = (rel: string) => rel.split(path.sep).some((part) => part.startsWith('.'));
  const watcher: FSWatcher = watch(dir, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (p, stats) => {
      const rel = relative(p);
      if (rel === '') return false;
      return hidden(rel) || (stats?.isFile() === true && !isCorpusFile(path.basename(p)));
    },
  });
  const quiet = options.debounceMs ?? 500;
  const timer = debounce(() => void flush(), { quietMs: quiet, maxWaitMs: options.maxWaitMs ?? quiet * 10, ...(options.timers ? { timers: options.timers } : {}) });
  const queue = (p: string): void => {
    const rel = relative(p);
    if (rel === '' || hidden(rel) || !isCorpusFile(path.basename(rel))) return;
    pending.add(rel);
    timer.poke();
  };
  watcher.on('add', queue).on('change', queue).on('unlink', queue);
  watcher.on('unlinkDir', (p) => {
    const prefix = `${relative(p)}${path.sep}`;
    for (const file of state.byFile.keys()) if (file.startsWith(prefix)) queue(path.join(dir, file));
  });
  watcher.on('error', (err) => options.log.error({ err, dir }, 'corpus watcher error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve())).then(async () => {
    if (options.reconcile === false) return;
    const onDisk = await listCorpusFiles(dir).catch(() => [] as string[]);
    const known = new Set(options.initialFiles ?? state.byFile.keys());
    const present = new Set(onDisk);
    for (const file of onDisk) if (!known.has(file)) pending.add(file);
    for (const file of known) if (!present.has(file)) pending.add(file);
    if (pending.size > 0) await flush();
  });

  const report = (problem: CorpusProblem): void => {
    if (reported.get(problem.file) === problem.reason) return;
    reported.set(problem.file, problem.reason);
    options.log.warn({ file: problem.file, reason: problem.reason }, 'corpus file not used; the previous version stays');
    options.onProblem?.(problem);
  };

  const applyPending = async (): Promise<void> => {
    timer.cancel();
    const files = [...pending].sort();
    pending.clear();
    if (files.length === 0) return;
    const reads: FileRead[] = [];
    for (const file of files) reads.push((await exists(path.join(dir, file))) ? { file, ...(await readCorpusFile(dir, file, options.publishers)) } : { file, gone: true });
    const plan = planCorpusChange(state, reads, now());
    for (const file of plan.okFiles) {
      for (const key of reported.keys()) if (key === file || key.startsWith(`${file}:`) || key.startsWith(`${file}[`)) reported.delete(key);
      options.onFileOk?.(file);
    }
    plan.problems.forEach(report);
    const { change } = plan;
    if (change.upserted.length + change.removed.length > 0) await options.apply(change);
    state = plan.next;
    if (change.upserted.length + change.removed.length === 0) return;
    options.log.info({ files, upserted: change.upserted.length, removed: change.removed.length }, 'corpus change applied');
    options.onApplied?.(change);
  };

  const flush = (): Promise<void> => {
    chain = chain.then(applyPending).catch((err: unknown) => options.log.error({ err }, 'corpus change failed'));
    return chain;
  };

  return {
    ready,
    flush,
    async close() {
      timer.cancel();
      await watcher.close();
      await chain;
    },
  };
}

/** True when something is at `file` (a link counts, even a broken one: reading it says why it is skipped). */
async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

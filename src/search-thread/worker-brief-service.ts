import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProgressLog } from '../corpus/load-index.js';
import MiniSearch from 'minisearch';
import type { Article } from '../articles/article.js';
import { RUNTIME_INDEX_OPTIONS, type BriefIndex } from '../search/build-index.js';
import { inProcessBriefService, type BriefService, type CorpusChange, type CorpusStats } from '../brief/brief-service.js';
import type { Brief } from '../brief/make-brief.js';
import type { FromWorker, IndexSource, ToWorker, WorkerSetup } from './worker-protocol.js';

export type { IndexSource } from './worker-protocol.js';

/** A search thread that could not start or stopped. */
export class BriefWorkerError extends Error {
  constructor(
    readonly code: 'WORKER_FAILED' | 'WORKER_CLOSED' | 'BRIEF_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'BriefWorkerError';
  }
}

export interface WorkerBriefServiceOptions {
  source: IndexSource;
  /** The snapshot file (see load-index.ts); `false` for none. Default `data/index.bin`. */
  snapshotPath?: string | false;
  now: () => Date;
  log?: ProgressLog;
  recency?: boolean;
}

/** A {@link BriefService} whose index lives in a worker thread. */
export interface WorkerBriefService extends BriefService {
  /** Settles when the first index is loaded or built (briefs asked before then wait for it). */
  ready: Promise<void>;
  /**
   * Builds a fresh index in a new thread while the current one keeps answering, then swaps them;
   * changes applied meanwhile are replayed into the new index first.
   */
  rebuild(source?: IndexSource): Promise<void>;
  close(): Promise<void>;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

interface Pending {
  resolve: (value: never) => void;
  reject: (err: Error) => void;
}

/** One search thread and the requests waiting on it. */
class SearchThread {
  readonly worker: Worker;
  readonly ready: Promise<CorpusStats>;
  stats: CorpusStats = { articles: 0 };
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(setup: WorkerSetup, log: ProgressLog | undefined, onExit: (thread: SearchThread, err: Error) => void) {
    this.worker = startWorker(setup);
    let lastPercent = -1;
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            this.stats = message.stats;
            log?.info({ articles: message.stats.articles, from: message.from, ms: message.ms }, 'search thread ready');
            resolve(message.stats);
            break;
          case 'failed':
            reject(new BriefWorkerError('WORKER_FAILED', `The index could not be loaded: ${message.message}`));
            break;
          case 'progress': {
            const percent = Math.floor((message.done / message.total) * 10) * 10;
            if (percent !== lastPercent) log?.info({ done: message.done, total: message.total, percent }, 'search thread building index');
            lastPercent = percent;
            break;
          }
          case 'log':
            log?.[message.level](message.obj, message.msg);
            break;
          case 'result':
            this.settle(message.id, (p) => p.resolve(message.brief as never));
            break;
          case 'applied':
            this.stats = message.stats;
            this.settle(message.id, (p) => p.resolve(undefined as never));
            break;
          case 'error':
            this.settle(message.id, (p) => p.reject(new BriefWorkerError('BRIEF_FAILED', message.message)));
            break;
        }
      });
      const fail = (err: Error) => {
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        if (!this.closed) onExit(this, err);
        this.closed = true;
      };
      this.worker.on('error', (err) => fail(new BriefWorkerError('WORKER_FAILED', `The search thread failed: ${err.message}`)));
      this.worker.on('exit', (code) => fail(new BriefWorkerError(this.closed ? 'WORKER_CLOSED' : 'WORKER_FAILED', `The search thread stopped (exit code ${code}).`)));
    });
    this.ready.catch(() => undefined);
  }

  request<T>(message: DistributiveOmit<ToWorker, 'id'>): Promise<T> {
    if (this.closed) return Promise.reject(new BriefWorkerError('WORKER_CLOSED', 'The search thread is closed.'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.worker.postMessage({ ...message, id } as ToWorker);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }

  private settle(id: number, how: (p: Pending) => void): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    how(p);
  }
}

/**
 * Starts the search thread. Compiled, it is `brief-worker.js`; run from source (tsx, vitest), a worker
 * does not inherit the TypeScript loader, so a small bootstrap registers tsx in the thread first.
 */
function startWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./brief-worker.js', import.meta.url), { workerData: setup });
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const worker = new URL('./brief-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}

/** A thread that dies before it is ready this many times in a row is not replaced again. */
export const MAX_FAILED_STARTS = 3;

/**
 * A BriefService that searches in a worker thread, so no search holds the bot's event loop (at 100k
 * articles a query can take tens of milliseconds, and every other user's `ack()` would wait for it).
 * The thread loads the index from its snapshot or builds it; briefs asked meanwhile wait. A thread
 * that dies is replaced (from the snapshot, so quickly) and its waiting briefs fail with a code.
 *
 * @example const service = workerBriefService({ source: { kind: 'corpus', dir: 'corpus' }, now: () => new Date() }); await service.brief('taliban')
 */
export function workerBriefService(options: WorkerBriefServiceOptions): WorkerBriefService {
  let source = options.source;
  const snapshotPath = options.snapshotPath === undefined ? 'data/index.bin' : options.snapshotPath;
  let closed = false;
  /** Changes applied while a rebuild runs, replayed into the new index before it takes over. */
  let replay: CorpusChange[] | undefined;

  /** Threads in a row that died before they were ready (a load that keeps failing): no endless restarts. */
  let failedStarts = 0;
  const readyThreads = new WeakSet<SearchThread>();
  const start = (from: IndexSource): SearchThread => {
    const thread = new SearchThread({ source: from, snapshotPath, ...(options.recency === undefined ? {} : { recency: options.recency }) }, options.log, (dead, err) => {
      if (closed || dead !== current) return;
      const code = (err as BriefWorkerError).code;
      failedStarts = readyThreads.has(dead) ? 0 : failedStarts + 1;
      if (failedStarts >= MAX_FAILED_STARTS) {
        options.log?.warn({ err: { message: err.message, code }, failedStarts }, 'search thread keeps failing to start; not starting another (briefs fail with WORKER_CLOSED)');
        return;
      }
      options.log?.warn({ err: { message: err.message, code } }, 'search thread stopped; starting another');
      current = start(source);
    });
    thread.ready.then(
      () => readyThreads.add(thread),
      () => undefined,
    );
    return thread;
  };
  let current = start(source);

  return {
    ready: current.ready.then(() => undefined),
    brief: async (text, briefOptions = {}) => {
      const thread = current;
      await thread.ready;
      return thread.request<Brief>({ type: 'brief', text, now: options.now().getTime(), options: briefOptions });
    },
    stats: () => current.stats,
    apply: async (change) => {
      replay?.push(change);
      const thread = current;
      await thread.ready;
      await thread.request<void>({ type: 'apply', change });
    },
    rebuild: async (next = source) => {
      source = next;
      replay = [];
      const fresh = start(next);
      try {
        await fresh.ready;
        for (const change of replay) await fresh.request<void>({ type: 'apply', change });
      } catch (err) {
        await fresh.close();
        throw err;
      } finally {
        replay = undefined;
      }
      const old = current;
      current = fresh;
      await old.ready.catch(() => undefined);
      // Let the old thread finish what it was asked before it goes.
      await old.request<void>({ type: 'apply', change: { upserted: [], removed: [] } }).catch(() => undefined);
      await old.close();
    },
    close: async () => {
      closed = true;
      await current.close();
    },
  };
}

/** From this many articles, `npm start` searches in a worker thread ({@link startBriefService}). */
export const SEARCH_THREAD_FROM = 5_000;

export interface StartedBriefService {
  briefs: BriefService;
  /**
   * The articles by id, kept in step with every change applied through `briefs`. With a search
   * thread, its `search` is an empty MiniSearch: the real index lives in the thread.
   */
  index: BriefIndex;
  /** Stops the search thread, if there is one. */
  close(): Promise<void>;
}

/**
 * The BriefService for a corpus `npm start` has loaded: in this thread for a small corpus; for one of
 * {@link SEARCH_THREAD_FROM} articles or more, a search thread started from the same snapshot (so it
 * loads in seconds), this thread's copy of the index dropped and only its articles kept.
 *
 * @example const { briefs, index } = await startBriefService(loaded, { snapshotPath, now: () => new Date(), log })
 */
export async function startBriefService(
  loaded: { index: BriefIndex; corpus: { dir: string } },
  options: { snapshotPath: string | false; now: () => Date; log?: ProgressLog; threadFrom?: number },
): Promise<StartedBriefService> {
  if (loaded.index.articles.size < (options.threadFrom ?? SEARCH_THREAD_FROM)) return { briefs: inProcessBriefService(loaded.index, options.now), index: loaded.index, close: async () => undefined };
  const service = workerBriefService({ source: { kind: 'corpus', dir: loaded.corpus.dir }, snapshotPath: options.snapshotPath, now: options.now, ...(options.log === undefined ? {} : { log: options.log }) });
  await service.ready;
  const articles = new Map(loaded.index.articles);
  const briefs: BriefService = {
    brief: (text, briefOptions) => service.brief(text, briefOptions),
    stats: () => service.stats(),
    apply: async (change) => {
      await service.apply(change);
      for (const id of change.removed) articles.delete(id);
      for (const article of change.upserted) articles.set(article.id, article);
    },
  };
  return { briefs, index: { search: new MiniSearch<Article>(RUNTIME_INDEX_OPTIONS), articles }, close: () => service.close() };
}

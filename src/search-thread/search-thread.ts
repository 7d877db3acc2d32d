import type { Worker } from 'node:worker_threads';
import type { CorpusStats } from '../articles/corpus-change.js';
import type { ProgressLog } from '../corpus/load-index.js';
import { BriefWorkerError } from './search-thread-error.js';
import type { WorkerStarter } from './start-worker.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.js';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** A message to the search thread, before it is given its request id. */
export type ThreadRequest = DistributiveOmit<ToWorker, 'id'>;

interface Pending {
  resolve: (value: never) => void;
  reject: (err: Error) => void;
}

/**
 * One search thread and the requests waiting on it: each request gets an id, and the thread's
 * answer with that id settles it. When the thread dies, every waiting request fails with
 * `WORKER_FAILED` and `onExit` is told (not after {@link SearchThread.close}).
 *
 * @example const exits: string[] = [];
 * const thread = new SearchThread(startWorker, { source: { kind: 'articles', articles }, snapshotPath: false }, log, (_dead, err) => void exits.push(err.code)); // onExit: replace the thread
 * (await thread.ready).articles // => 6
 * await thread.close();
 * exits // => []
 */
export class SearchThread {
  readonly worker: Worker;
  /** Settles with the corpus stats once the index is loaded; rejects if it cannot be. */
  readonly ready: Promise<CorpusStats>;
  stats: CorpusStats = { articles: 0 };
  /** True once `ready` resolved. */
  wasReady = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(start: WorkerStarter, setup: WorkerSetup, log: ProgressLog | undefined, onExit: (thread: SearchThread, err: BriefWorkerError) => void) {
    this.worker = start(setup);
    let lastPercent = -1;
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            this.stats = message.stats;
            this.wasReady = true;
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
      const fail = (err: BriefWorkerError) => {
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

  /** Sends one request; settles with the thread's answer, or fails if the thread is closed or dies first. */
  request<T>(message: ThreadRequest): Promise<T> {
    if (this.closed) return Promise.reject(new BriefWorkerError('WORKER_CLOSED', 'The search thread is closed.'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.worker.postMessage({ ...message, id } as ToWorker);
    });
  }

  /** Stops the thread; requests still waiting fail with `WORKER_CLOSED`. */
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

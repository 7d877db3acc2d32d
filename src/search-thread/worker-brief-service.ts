import type { BriefService } from '../brief/brief-service.js';
import type { Brief } from '../brief/make-brief.js';
import type { ProgressLog } from '../corpus/load-index.js';
import { restartPolicy } from './restart-policy.js';
import { SearchThread } from './search-thread.js';
import { startWorker, type WorkerStarter } from './start-worker.js';
import type { IndexSource } from './worker-protocol.js';

export type { IndexSource } from './worker-protocol.js';

export interface WorkerBriefServiceOptions {
  source: IndexSource;
  /** The snapshot file (see load-index.ts), or `false` for none. */
  snapshotPath: string | false;
  now: () => Date;
  log?: ProgressLog;
  recency?: boolean;
  /** Starts each thread; default {@link startWorker}. */
  startThread?: WorkerStarter;
}

/** A {@link BriefService} whose index lives in a worker thread. */
export interface WorkerBriefService extends BriefService {
  /** Settles when the first index is loaded or built (briefs asked before then wait for it). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * A BriefService that searches in a worker thread, so no search holds the bot's event loop (at 100k
 * articles a query can take tens of milliseconds, and every other user's `ack()` would wait for it).
 * The thread loads the index from its snapshot or builds it; briefs asked meanwhile wait. A thread
 * that dies is replaced (from the snapshot, so quickly) as {@link restartPolicy} says, and its
 * waiting briefs fail with `WORKER_FAILED`.
 *
 * @example const service = workerBriefService({ source: { kind: 'corpus', dir: corpusDir }, snapshotPath: false, now: () => clock.now() });
 * await service.ready;
 * (await service.brief('taliban revenue')).kind // => 'results'
 * service.stats().articles // => 6
 * await service.close();
 */
export function workerBriefService(options: WorkerBriefServiceOptions): WorkerBriefService {
  const setup = { source: options.source, snapshotPath: options.snapshotPath, ...(options.recency === undefined ? {} : { recency: options.recency }) };
  const policy = restartPolicy();
  let closed = false;
  const start = (): SearchThread =>
    new SearchThread(options.startThread ?? startWorker, setup, options.log, (dead, err) => {
      if (closed || dead !== current) return;
      const { restart, failedStarts } = policy.afterDeath(dead.wasReady);
      const problem = { err: { message: err.message, code: err.code }, failedStarts };
      if (!restart) {
        options.log?.warn(problem, 'search thread keeps failing to start; not starting another (briefs fail with WORKER_FAILED)');
        return;
      }
      options.log?.warn(problem, 'search thread stopped; starting another');
      current = start();
    });
  let current = start();

  return {
    ready: current.ready.then(() => undefined),
    brief: async (text, briefOptions = {}) => {
      const thread = current;
      await thread.ready;
      return thread.request<Brief>({ type: 'brief', text, now: options.now().getTime(), options: briefOptions });
    },
    stats: () => current.stats,
    apply: async (change) => {
      const thread = current;
      await thread.ready;
      await thread.request<void>({ type: 'apply', change });
    },
    close: async () => {
      closed = true;
      await current.close();
    },
  };
}

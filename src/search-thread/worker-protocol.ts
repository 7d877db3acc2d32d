import type { Article } from '../articles/article.js';
import type { CorpusChange, CorpusStats } from '../articles/corpus-change.js';
import type { Brief } from '../brief/make-brief.js';

/** What the search thread starts from: a corpus folder to read, or articles already read. */
export type IndexSource = { kind: 'corpus'; dir: string } | { kind: 'articles'; articles: readonly Article[] };

/** The search thread's `workerData`. */
export interface WorkerSetup {
  source: IndexSource;
  /** The snapshot file, or `false` for none. */
  snapshotPath: string | false;
  recency?: boolean;
  /** The search thread's nice value on Linux (default {@link SEARCH_THREAD_NICE}; 0 keeps the process's). */
  nice?: number;
}

/** How much lower than the bot's event loop the search thread runs (Linux nice value, 0–19). */
export const SEARCH_THREAD_NICE = 10;

/** Messages to the search thread. `now` is epoch milliseconds (the clock stays on the main thread). */
export type ToWorker =
  | { type: 'brief'; id: number; text: string; now: number; options: { page?: number; pageSize?: number } }
  | { type: 'apply'; id: number; change: CorpusChange };

/** Messages from the search thread. */
export type FromWorker =
  | { type: 'ready'; stats: CorpusStats; from: 'snapshot' | 'built'; ms: number }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'log'; level: 'info' | 'warn'; obj: Record<string, unknown>; msg: string }
  | { type: 'result'; id: number; brief: Brief }
  | { type: 'applied'; id: number; stats: CorpusStats }
  | { type: 'error'; id: number; message: string };

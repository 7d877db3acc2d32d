import type { Clock } from './deps.js';
import { ExpiringMap } from './expiring-map.js';
import { ResponseUrlBudget } from './response-url-budget.js';

/** The last brief of a thread (or DM): its query and page, so "more" can continue it. */
export interface ThreadBrief {
  q: string;
  p: number;
}

/** The app's only in-memory state: bounded and expiring, lost on restart by design. */
export interface AppState {
  /** Keyed by `channel:thread_ts` (`channel:dm` for a DM's top level). */
  threads: ExpiringMap<string, ThreadBrief>;
  responseUrls: ResponseUrlBudget;
}

/** How long a thread's last brief is remembered, and how many threads at most. */
export const THREAD_MEMORY = { maxEntries: 2_000, ttlMs: 24 * 60 * 60 * 1000 } as const;

/**
 * Fresh state for one app.
 *
 * @example createAppState(systemClock).threads.size // 0
 */
export function createAppState(clock: Clock): AppState {
  return { threads: new ExpiringMap({ ...THREAD_MEMORY, clock }), responseUrls: new ResponseUrlBudget(clock) };
}

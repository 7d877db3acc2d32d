/** A thread that dies before it is ready this many times in a row is not replaced again. */
export const MAX_FAILED_STARTS = 3;

/** What to do about a thread that died. */
export interface RestartDecision {
  restart: boolean;
  /** Threads in a row that died before they were ready, this one included. */
  failedStarts: number;
}

/**
 * When a dead search thread is replaced: always after one that had been ready (a crash while
 * answering), but after {@link MAX_FAILED_STARTS} in a row that died while loading, no more (a load
 * that keeps failing would otherwise restart forever). Pure: it counts what it is told.
 *
 * @example
 * const policy = restartPolicy(2);
 * policy.afterDeath(false); // => { restart: true, failedStarts: 1 }
 * policy.afterDeath(false); // => { restart: false, failedStarts: 2 }
 */
export function restartPolicy(maxFailedStarts = MAX_FAILED_STARTS): { afterDeath(wasReady: boolean): RestartDecision } {
  let failedStarts = 0;
  return {
    afterDeath(wasReady) {
      failedStarts = wasReady ? 0 : failedStarts + 1;
      return { restart: failedStarts < maxFailedStarts, failedStarts };
    },
  };
}

/** The shell's only source of time; the core is passed `now` instead, and tests pass a fixed clock. */
export interface Clock {
  now(): Date;
}

/** A clock with timers: the scheduler, the feed poller and digest retries get one injected. */
export interface TimerClock extends Clock {
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
  /** Resolves after `ms` (retry waits). */
  sleep(ms: number): Promise<void>;
}

/** Longest single timer: Node's own limit is about 24.8 days; waking hourly also follows clock changes. */
export const MAX_TIMER_MS = 3_600_000;

/**
 * The real clock, with unref'd timers so they never hold the process open.
 *
 * @example const cancel = systemClock.setTimer(60_000, () => console.log('tick')); // unref'd: never holds the process open
 * cancel();
 * systemClock.now() <= new Date() // => true
 */
export const systemClock: TimerClock = {
  now: () => new Date(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref();
    return () => clearTimeout(handle);
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

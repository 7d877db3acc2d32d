/** The shell's time: what time it is, and a timer. The scheduler and feed poller get one injected. */
export interface TimerClock {
  now(): Date;
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
 * @example systemTimerClock.setTimer(1000, () => console.log('tick'))
 */
export const systemTimerClock: TimerClock = {
  now: () => new Date(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref();
    return () => clearTimeout(handle);
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

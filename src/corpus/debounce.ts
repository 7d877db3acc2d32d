/** The timer functions a {@link Debouncer} uses (tests pass fake ones, or use fake timers). */
export interface DebounceTimers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Debouncer {
  /** Something happened: run after `quietMs` of quiet, but no later than `maxWaitMs` after the first poke. */
  poke(): void;
  /** Forgets the pending run (the caller runs it now, or is closing). */
  cancel(): void;
}

const systemTimers: DebounceTimers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A debounce with a maximum wait: a stream of pokes closer together than `quietMs` still runs
 * `run` once every `maxWaitMs`, so continuous edits cannot starve the index.
 *
 * @example let flushes = 0;
 * const timers = { now: () => clock.now().getTime(), setTimeout: (fn: () => void, ms: number) => clock.setTimer(ms, fn), clearTimeout: (cancel: () => void) => cancel() };
 * const d = debounce(() => void (flushes += 1), { quietMs: 500, maxWaitMs: 5000, timers });
 * d.poke(); await clock.advanceTo(new Date(now.getTime() + 400)); d.poke(); await clock.advanceTo(new Date(now.getTime() + 800));
 * flushes // => 0
 * await clock.advanceTo(new Date(now.getTime() + 900));
 * flushes // => 1
 */
export function debounce(run: () => void, options: { quietMs: number; maxWaitMs: number; timers?: DebounceTimers }): Debouncer {
  const timers = options.timers ?? systemTimers;
  let handle: unknown;
  let deadline: number | undefined;
  const cancel = (): void => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
    deadline = undefined;
  };
  return {
    poke() {
      const now = timers.now();
      deadline ??= now + Math.max(options.maxWaitMs, options.quietMs);
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = timers.setTimeout(() => {
        cancel();
        run();
      }, Math.max(0, Math.min(options.quietMs, deadline - now)));
    },
    cancel,
  };
}

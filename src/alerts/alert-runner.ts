import type { Logger } from 'pino';
import type { TimerClock } from '../clock.js';

/** How often alerts look for new arrivals. */
const ALERT_TICK_MS = 60_000;

export interface AlertRunner {
  /** Runs a pass now, then one every tick. */
  start(): void;
  stop(): void;
  /** Resolves when no pass is running. */
  idle(): Promise<void>;
}

/**
 * Runs `pass` (one pass of the alerts) every `tickMs` on the injected clock, never two at once: a
 * tick that finds the previous pass still running is skipped.
 *
 * @example let passes = 0;
 * const runner = createAlertRunner({ clock, pass: async () => void (passes += 1), log }); // pass: () => runAlerts(deps)
 * runner.start(); await runner.idle();
 * passes // => 1
 * await clock.advanceTo(new Date(now.getTime() + 60_000)); await runner.idle();
 * passes // => 2
 * runner.stop();
 * clock.pending // => 0
 */
export function createAlertRunner(deps: { clock: TimerClock; pass: () => Promise<void>; log: Logger; tickMs?: number }): AlertRunner {
  const tickMs = deps.tickMs ?? ALERT_TICK_MS;
  let running: Promise<void> | undefined;
  let cancel: (() => void) | undefined;
  let stopped = true;
  const tick = (): void => {
    if (stopped) return;
    cancel = deps.clock.setTimer(tickMs, tick);
    if (running !== undefined) return;
    running = deps
      .pass()
      .catch((err: unknown) => deps.log.error({ err }, 'alert pass failed'))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    start() {
      stopped = false;
      tick();
    },
    stop() {
      stopped = true;
      cancel?.();
      cancel = undefined;
    },
    idle: async () => {
      while (running !== undefined) await running;
    },
  };
}

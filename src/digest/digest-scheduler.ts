import type { Logger } from 'pino';
import { MAX_TIMER_MS, type TimerClock } from '../clock.js';
import type { DigestTarget } from './run-digest.js';
import { missedDigestAt, nextDigestAt } from './schedule.js';

/** A digest that failed for a transient reason is tried again this long after. */
const RETRY_AFTER_MS = 15 * 60_000;

export interface SchedulerDeps {
  clock: TimerClock;
  /** The targets now (channels from the configuration, subscriptions from the store). */
  targets: () => Promise<DigestTarget[]>;
  /** Runs one digest; it must itself make a second run of the same day a no-op. */
  run: (target: DigestTarget, scheduledAt: Date) => Promise<unknown>;
  /** A digest missed by at most this many hours is run at start-up. */
  catchupHours: number;
  log: Logger;
  /**
   * Re-reads the targets this often while started, so a subscription added or ended elsewhere (on
   * another replica: only the leader schedules) is picked up. Default: only on `refresh()`.
   */
  refreshEveryMs?: number;
}

export interface DigestScheduler {
  /** Catches up on digests missed within the window, then arms the timer. */
  start(): Promise<void>;
  /** Re-reads the targets (after a subscribe or unsubscribe) and re-arms. */
  refresh(): Promise<void>;
  stop(): void;
  /** Resolves when no run is in progress or queued. */
  idle(): Promise<void>;
}

/**
 * The digest scheduler: one timer, armed for the earliest next digest of any target (croner
 * computes the times, in each target's time zone, across daylight-saving changes). Runs are
 * queued one at a time. The clock is injected, so tests drive it with a fake one.
 *
 * @example const runs: string[] = [];
 * const targets = async () => channelTargets({ channels: ['C1'], time: { hour: 10, minute: 0 }, timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6] });
 * const s = createDigestScheduler({ clock, targets, run: async (t, at) => void runs.push(`${t.key} ${at.toISOString()}`), catchupHours: 12, log });
 * await s.start(); // now is 09:00 UTC
 * runs // => []
 * await clock.advanceTo(new Date(now.getTime() + 3_600_000)); await s.idle();
 * runs // => ['channel:C1 2026-11-28T10:00:00.000Z']
 * s.stop();
 */
export function createDigestScheduler(deps: SchedulerDeps): DigestScheduler {
  let targets: DigestTarget[] = [];
  const nextAt = new Map<string, Date>();
  let cancel: (() => void) | undefined;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  let cancelRefresh: (() => void) | undefined;
  let refreshing: Promise<void> = Promise.resolve();

  const retries = new Set<() => void>();
  const enqueue = (target: DigestTarget, at: Date): void => {
    queue = queue
      .then(() => deps.run(target, at))
      .then(
        (outcome) => {
          // A transient failure is tried again later the same day, while within the catch-up window.
          if (stopped || (outcome as { retry?: unknown } | undefined)?.retry !== true) return;
          if (deps.clock.now().getTime() + RETRY_AFTER_MS > at.getTime() + deps.catchupHours * 3_600_000) return;
          deps.log.warn({ target: target.key, inMs: RETRY_AFTER_MS }, 'digest not delivered; will try again');
          const cancelRetry = deps.clock.setTimer(RETRY_AFTER_MS, () => {
            retries.delete(cancelRetry);
            if (!stopped) enqueue(target, at);
          });
          retries.add(cancelRetry);
        },
        (err: unknown) => deps.log.error({ err, target: target.key }, 'digest run failed'),
      );
  };

  const arm = (): void => {
    cancel?.();
    cancel = undefined;
    if (stopped) return;
    const now = deps.clock.now();
    let earliest: Date | undefined;
    for (const target of targets) {
      let at = nextAt.get(target.key);
      if (at === undefined) {
        at = nextDigestAt(target.schedule, now);
        if (at !== undefined) nextAt.set(target.key, at);
      }
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    }
    if (earliest === undefined) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, earliest.getTime() - now.getTime()));
    cancel = deps.clock.setTimer(wait, fire);
  };

  const fire = (): void => {
    const now = deps.clock.now();
    for (const target of targets) {
      const at = nextAt.get(target.key);
      if (at === undefined || at.getTime() > now.getTime()) continue;
      // The latest due time only: after a long sleep, one digest, not one a missed day.
      let due = at;
      for (let n = nextDigestAt(target.schedule, due); n !== undefined && n.getTime() <= now.getTime(); n = nextDigestAt(target.schedule, n)) due = n;
      nextAt.set(target.key, nextDigestAt(target.schedule, due) ?? new Date(8.64e15));
      deps.log.info({ target: target.key, scheduledAt: due.toISOString() }, 'digest due');
      enqueue(target, due);
    }
    arm();
  };

  const load = async (): Promise<void> => {
    targets = await deps.targets();
    const keys = new Set(targets.map((t) => t.key));
    for (const key of [...nextAt.keys()]) if (!keys.has(key)) nextAt.delete(key);
  };

  const refresh = async (): Promise<void> => {
    const before = new Map(targets.map((t) => [t.key, JSON.stringify(t)]));
    await load();
    // A changed target (a new time) is rescheduled from now.
    for (const t of targets) if (before.get(t.key) !== JSON.stringify(t)) nextAt.delete(t.key);
    arm();
  };
  const refreshLater = (): void => {
    if (deps.refreshEveryMs === undefined || stopped) return;
    cancelRefresh = deps.clock.setTimer(deps.refreshEveryMs, () => {
      refreshing = refresh()
        .catch((err: unknown) => deps.log.warn({ err }, 'could not re-read the digest targets; trying again later'))
        .finally(refreshLater);
    });
  };

  return {
    async start() {
      stopped = false;
      await load();
      const now = deps.clock.now();
      for (const target of targets) {
        const missed = missedDigestAt(target.schedule, now, deps.catchupHours);
        if (missed !== undefined) enqueue(target, missed);
      }
      arm();
      cancelRefresh?.();
      refreshLater();
    },
    refresh,
    stop() {
      stopped = true;
      cancel?.();
      cancel = undefined;
      cancelRefresh?.();
      cancelRefresh = undefined;
      for (const cancelRetry of retries) cancelRetry();
      retries.clear();
    },
    idle: async () => {
      await refreshing;
      let current: Promise<void>;
      do {
        current = queue;
        await current;
      } while (current !== queue);
    },
  };
}

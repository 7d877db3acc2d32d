import type { BriefService } from '../brief/brief-service.js';

/**
 * The same BriefService, its briefs taken one at a time, each in an event-loop turn of its own (after
 * `setImmediate`). For a service that searches in this thread: a brief holds the CPU until it is
 * done, and a burst of commands would otherwise run every queued brief back to back before Node reads
 * the next request; one brief a turn lets the requests waiting in between be read and acknowledged,
 * so an ack waits for at most one brief, not for all of those queued before it (Slack allows 3 s).
 *
 * @example const queued = onePerTurn(inProcessBriefService(index, () => now));
 * const [a, b] = await Promise.all([queued.brief('taliban revenue'), queued.brief('china russia')]);
 * [a.kind, b.kind] // => ['results', 'results']
 */
export function onePerTurn(service: BriefService): BriefService {
  let previous: Promise<unknown> = Promise.resolve();
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    brief(text, options) {
      const run = previous.then(nextTurn).then(() => service.brief(text, options));
      previous = run.catch(() => undefined);
      return run;
    },
    stats: () => service.stats(),
    apply: (change) => service.apply(change),
  };
}

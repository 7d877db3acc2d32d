import type { AlertRunner } from '../alerts/alert-runner.js';
import type { DigestScheduler } from '../digest/digest-scheduler.js';
import type { FeedPoller } from '../feeds/feed-poller.js';
import type { LeaderDuties } from './leader-duties.js';

/**
 * What only the leader runs, as one pair of switches: the digest scheduler (with catch-up), the
 * alert runner and the feed poller. `follow` waits for a digest or alert pass in flight.
 *
 * @example let passes = 0;
 * const scheduler = createDigestScheduler({ clock, targets: async () => [], run: async () => undefined, catchupHours: 12, log });
 * const alertRunner = createAlertRunner({ clock, pass: async () => void (passes += 1), log });
 * const feeds = createFeedPoller({ ...stores, corpusDir: dir, now: () => clock.now(), log }, [], { intervalMinutes: 15, clock });
 * const duties = leaderDutiesOf({ scheduler, alertRunner, feeds });
 * await duties.lead(); await alertRunner.idle();
 * [passes, clock.pending > 0] // => [1, true]
 * await duties.follow();
 * clock.pending // => 0
 */
export function leaderDutiesOf(parts: { scheduler: DigestScheduler; alertRunner: AlertRunner; feeds: FeedPoller }): LeaderDuties {
  const { scheduler, alertRunner, feeds } = parts;
  return {
    async lead() {
      await scheduler.start();
      alertRunner.start();
      void feeds.start(); // the first feed pass runs in the background: start-up does not wait on slow feeds
    },
    async follow() {
      scheduler.stop();
      alertRunner.stop();
      await feeds.stop();
      await Promise.all([scheduler.idle(), alertRunner.idle()]);
    },
  };
}

import type { AlertRunner } from '../alerts/alert-runner.js';
import type { DigestScheduler } from '../digest/digest-scheduler.js';
import type { FeedPoller } from '../feeds/feed-poller.js';
import type { LeaderDuties } from './leader-duties.js';

/**
 * What only the leader runs, as one pair of switches: the digest scheduler (with catch-up), the
 * alert runner and the feed poller. `follow` waits for a digest or alert pass in flight.
 *
 * @example const duties = leaderDutiesOf({ scheduler, alertRunner, feeds }); await duties.lead();
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

import type { Logger } from 'pino';
import type { TimerClock } from '../clock.js';
import type { AlertPost } from '../store/alert-store.js';
import type { NoticeStore } from '../store/store.js';
import { createAlertRunner, type AlertRunner } from './alert-runner.js';
import { createChannelPacer } from './channel-pacer.js';
import { runAlerts, type AlertRunDeps } from './run-alerts.js';

/** What {@link wireAlertRunner} needs beyond the alert pass's own stores and client. */
export type AlertWiring = Omit<AlertRunDeps, 'now' | 'sleep' | 'log' | 'pacer' | 'onGivenUp' | 'demoted'> & { notices: NoticeStore; clock: TimerClock; logger: Logger };

/**
 * The alert runner as `src/runtime.ts` starts it on the leader: one pass a minute on `clock`, posts
 * paced per channel, stories a channel marked unhelpful last, and a post given up shown on the App
 * Home as a notice.
 *
 * @example await stores.alerts.addAlert({ channel: 'C1', query: 'taliban', everyMinutes: 10, createdBy: 'U1', createdAt: now });
 * await clock.advanceTo(new Date(now.getTime() + 60_000));
 * await stores.arrivals.recordArrivals(articles.map((a) => a.id), clock.now());
 * const runner = wireAlertRunner({ ...stores, articles: lookup, client, clock, logger, timeZone: 'UTC', spikes: { factor: 3, min: 5, cooldownHours: 6 } });
 * runner.start(); await runner.idle();
 * await clock.advanceTo(new Date(now.getTime() + 11 * 60_000)); await runner.idle();
 * slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.args.channel) // => ['C1']
 * runner.stop();
 */
export function wireAlertRunner(wiring: AlertWiring): AlertRunner {
  const { clock, logger, notices, ...rest } = wiring;
  const now = () => clock.now();
  const sleep = (ms: number) => clock.sleep(ms);
  const log = logger.child({ part: 'alerts' });
  const deps: AlertRunDeps = {
    ...rest,
    now,
    sleep,
    log,
    pacer: createChannelPacer({ now, sleep }),
    demoted: (channel) => rest.alerts.demotedArticles(channel),
    onGivenUp: (post: AlertPost, error: string) =>
      notices.setNotice({ key: `alert:${post.channel}`, kind: 'digest', at: now(), message: `An alert post could not be delivered to channel ${post.channel}: ${error}.` }),
  };
  return createAlertRunner({ clock, pass: () => runAlerts(deps), log });
}

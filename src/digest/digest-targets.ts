import type { Subscription, SubscriptionStore } from '../store/store.js';
import type { DigestTarget } from './run-digest.js';

/** The digest part of the configuration (the shape of `Config['digest']`). */
export interface DigestSettings {
  channels: readonly string[];
  time: { hour: number; minute: number };
  timeZone: string;
  days: readonly number[];
  postWhenEmpty: boolean;
  catchupHours: number;
}

/**
 * The daily digest of each configured channel.
 *
 * @example channelTargets({ channels: ['C0123'], time: { hour: 8, minute: 0 }, timeZone: 'UTC', days: [1] })[0].key // => 'channel:C0123'
 */
export function channelTargets(settings: DigestSettings): DigestTarget[] {
  return settings.channels.map((channel) => ({ key: `channel:${channel}`, channel, schedule: { time: settings.time, timeZone: settings.timeZone, days: settings.days } }));
}

/**
 * A subscription's digest: its query, at its own time, in the digest time zone and on the digest days.
 */
function subscriptionTarget(sub: Subscription, settings: Pick<DigestSettings, 'timeZone' | 'days'>): DigestTarget {
  const [hour, minute] = sub.time.split(':').map(Number);
  return { key: `sub:${sub.id}`, channel: sub.channel, query: sub.query, schedule: { time: { hour: hour ?? 8, minute: minute ?? 0 }, timeZone: settings.timeZone, days: settings.days } };
}

/**
 * Every target: the configured channels, then the stored subscriptions.
 *
 * @example const sub = await stores.subscriptions.addSubscription({ channel: 'C1', query: 'taliban', time: '07:30', createdBy: 'U1', createdAt: now });
 * const settings = { ...config.digest, channels: ['C0123'] };
 * (await allTargets(settings, stores.subscriptions)).map((t) => t.key) // => ['channel:C0123', `sub:${sub.id}`]
 */
export async function allTargets(settings: DigestSettings, subscriptions: SubscriptionStore): Promise<DigestTarget[]> {
  const subs = await subscriptions.listSubscriptions();
  return [...channelTargets(settings), ...subs.map((s) => subscriptionTarget(s, settings))];
}

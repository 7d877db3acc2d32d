import type { Logger } from 'pino';
import { renderDigestPreview } from '../render/digest-message.js';
import type { SlackMessage } from '../render/limits.js';
import { renderNotAllowed, renderSubscribed, renderSubscriptionList, renderSubscriptionUsage, renderUnsubscribed } from '../render/subscription-message.js';
import type { ArrivalStore, DigestRunStore, SubscriptionStore } from '../store/store.js';
import { channelTargets, type DigestSettings } from './digest-targets.js';
import { parseSubscribe, parseSubscriptionId } from './parse-subscribe.js';
import type { ArticleLookup } from './digest.js';
import { previewDigest } from './run-digest.js';

/** What a `/brief` subcommand handler receives (a subset of the Slack app's `SubcommandContext`). */
export interface DigestCommandContext {
  args: string;
  userId: string;
  channelId: string;
  now: Date;
  log?: Logger;
}

export type DigestCommandHandler = (ctx: DigestCommandContext) => Promise<SlackMessage>;

/** Subscriptions one channel may hold, so a channel is not flooded with digests. */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 20;

export interface DigestCommandDeps {
  subscriptions: SubscriptionStore;
  /** The preview reads the last run's cutoff and what arrived since. */
  runs: DigestRunStore;
  arrivals: ArrivalStore;
  articles: ArticleLookup;
  settings: DigestSettings;
  /** When not empty, only these users may subscribe and unsubscribe. */
  adminUserIds: readonly string[];
  /** Called after a subscription is added or removed (the scheduler re-reads its targets). */
  onSubscriptionsChanged?: () => Promise<void>;
}

/**
 * The digest subcommands of `/brief`, each answering with a private message:
 * `digest` (a preview of this channel's next digest), `subscribe <query> [at HH:MM]`,
 * `unsubscribe <id>` and `subscriptions`. With `adminUserIds` set, others are refused changes.
 *
 * @example const commands = digestCommands({ ...stores, articles: lookup, settings: config.digest, adminUserIds: [] }); // createBriefApp({ …, commands })
 * await commands.subscribe({ args: 'taliban at 07:30', userId: 'U1', channelId: 'C1', now });
 * (await stores.subscriptions.listSubscriptions('C1')).map((s) => [s.query, s.time]) // => [['taliban', '07:30']]
 * await commands.unsubscribe({ args: '1', userId: 'U1', channelId: 'C1', now });
 * await stores.subscriptions.listSubscriptions('C1') // => []
 */
export function digestCommands(deps: DigestCommandDeps): Record<'digest' | 'subscribe' | 'unsubscribe' | 'subscriptions', DigestCommandHandler> {
  const defaultTime = `${String(deps.settings.time.hour).padStart(2, '0')}:${String(deps.settings.time.minute).padStart(2, '0')}`;
  return {
    digest: async ({ channelId, now }) => {
      const target = channelTargets({ ...deps.settings, channels: [channelId] })[0]!;
      const { messages } = await previewDigest({ runs: deps.runs, arrivals: deps.arrivals, articles: deps.articles, now: () => now }, target);
      const configured = deps.settings.channels.includes(channelId);
      const subs = await deps.subscriptions.listSubscriptions(channelId);
      const note = configured
        ? `This channel gets the daily digest at ${defaultTime} (${deps.settings.timeZone}); this is what it would hold now.`
        : `This channel is not in DIGEST_CHANNELS, so it gets no daily digest; this is what one would hold now.${subs.length > 0 ? ` It has ${subs.length} subscription${subs.length === 1 ? '' : 's'} (/brief subscriptions).` : ''}`;
      return renderDigestPreview(messages, note);
    },
    subscribe: async ({ args, userId, channelId, now, log }) => {
      if (!mayChange(deps.adminUserIds, userId)) {
        log?.info({ userId }, 'subscribe refused: not an admin');
        return renderNotAllowed();
      }
      const request = parseSubscribe(args, defaultTime);
      if ('problem' in request) return renderSubscriptionUsage(request.problem);
      if ((await deps.subscriptions.listSubscriptions(channelId)).length >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
        return renderSubscriptionUsage(`This channel already has ${MAX_SUBSCRIPTIONS_PER_CHANNEL} subscriptions, the most it may hold. End one with \`/brief unsubscribe <id>\` first.`);
      }
      const sub = await deps.subscriptions.addSubscription({ channel: channelId, query: request.query, time: request.time, createdBy: userId, createdAt: now });
      log?.info({ subscription: sub.id, time: sub.time }, 'subscription added');
      await deps.onSubscriptionsChanged?.();
      return renderSubscribed(sub, deps.settings.timeZone);
    },
    unsubscribe: async ({ args, userId, channelId, log }) => {
      if (!mayChange(deps.adminUserIds, userId)) return renderNotAllowed();
      const id = parseSubscriptionId(args);
      if (id === undefined) return renderSubscriptionUsage('Say which subscription to end, by its number: `/brief unsubscribe 3`.');
      const removed = await deps.subscriptions.removeSubscription(id, channelId);
      log?.info({ subscription: id, removed }, 'unsubscribe');
      if (removed) await deps.onSubscriptionsChanged?.();
      return renderUnsubscribed(id, removed);
    },
    subscriptions: async ({ channelId }) => renderSubscriptionList(await deps.subscriptions.listSubscriptions(channelId), deps.settings.timeZone),
  };
}

/**
 * The admin rule of every change (subscriptions, alerts): with `ADMIN_USER_IDS` set, only those users.
 *
 * @example mayChange(['U1'], 'U2') // => false
 */
export function mayChange(adminUserIds: readonly string[], userId: string): boolean {
  return adminUserIds.length === 0 || adminUserIds.includes(userId);
}


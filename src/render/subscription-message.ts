import type { KnownBlock } from '@slack/types';
import { context, safeUserId, section } from './brief-message.js';
import { escapeLabel, escapeMrkdwn, truncate } from './escape.js';
import type { SlackMessage } from './limits.js';

/** A subscription as the messages show it. */
export interface SubscriptionView {
  id: number;
  query: string;
  /** `HH:MM`. */
  time: string;
  createdBy: string;
}

/** The subcommands' usage, escaped: `<query>` and `<id>` are placeholders, not Slack markup. */
const USAGE = [
  '`/brief subscribe <query> [at HH:MM]`  this channel gets a daily digest of new articles matching the query',
  '`/brief subscriptions`  lists this channel’s subscriptions',
  '`/brief unsubscribe <id>`  ends one',
  '`/brief digest`  previews this channel’s next daily digest, only for you',
].map(escapeMrkdwn);

/**
 * Confirms a new subscription.
 *
 * @example renderSubscribed({ id: 3, query: 'taliban', time: '07:30', createdBy: 'U1' }, 'Europe/London').text // => 'Subscribed: a daily digest of “taliban” at 07:30 (Europe/London), subscription 3.'
 */
export function renderSubscribed(sub: SubscriptionView, timeZone: string): SlackMessage {
  const what = `“${escapeLabel(truncate(sub.query, 300))}”`;
  return {
    text: `Subscribed: a daily digest of “${escapeMrkdwn(truncate(sub.query, 300))}” at ${sub.time} (${timeZone}), subscription ${sub.id}.`,
    blocks: [
      section(`:white_check_mark: This channel will get a daily digest of new articles on ${what} at *${sub.time}* (${escapeMrkdwn(timeZone)}).`),
      context([`Subscription \`${sub.id}\` · end it with \`/brief unsubscribe ${sub.id}\``]),
    ],
  };
}

/**
 * The channel's subscriptions, or how to add one.
 *
 * @example renderSubscriptionList([], 'UTC').text // => 'This channel has no subscriptions.'
 */
export function renderSubscriptionList(subs: readonly SubscriptionView[], timeZone: string): SlackMessage {
  if (subs.length === 0) {
    return { text: 'This channel has no subscriptions.', blocks: [section('This channel has no subscriptions.'), context([USAGE[0]!])] };
  }
  const shown = subs.slice(0, 40);
  const lines = shown.map((s) => `\`${s.id}\`  “${escapeLabel(truncate(s.query, 200))}” at *${s.time}* · added by <@${safeUserId(s.createdBy)}>`);
  const blocks: KnownBlock[] = [section(`*This channel’s subscriptions* (${escapeMrkdwn(timeZone)})`), section(lines.join('\n'))];
  if (subs.length > shown.length) blocks.push(context([`and ${subs.length - shown.length} more`]));
  blocks.push(context([escapeMrkdwn('End one with `/brief unsubscribe <id>`')]));
  return { text: `This channel has ${subs.length} subscription${subs.length === 1 ? '' : 's'}.`, blocks };
}

/**
 * Confirms (or denies) an unsubscribe.
 *
 * @example renderUnsubscribed(3, true).text // => 'Subscription 3 ended: no more digests for it.'
 */
export function renderUnsubscribed(id: number, removed: boolean): SlackMessage {
  const text = removed ? `Subscription ${id} ended: no more digests for it.` : `This channel has no subscription ${id}. \`/brief subscriptions\` lists them.`;
  return { text, blocks: [section(removed ? `:wave: ${text}` : text)] };
}

/**
 * A refusal: only the listed admins may change subscriptions (or alerts).
 *
 * @example renderNotAllowed().text.startsWith('Only Brief’s admins') // => true
 */
export function renderNotAllowed(what: 'subscriptions' | 'alerts' = 'subscriptions'): SlackMessage {
  const text = `Only Brief’s admins can change ${what} here. Ask one of them, or use \`/brief ${what}\` to see what this channel gets.`;
  return { text, blocks: [section(`:no_entry: ${text}`)] };
}

/**
 * What the subscription commands accept, after a malformed one.
 *
 * @example renderSubscriptionUsage('Say what to follow.').blocks.length // => 2
 */
export function renderSubscriptionUsage(problem: string): SlackMessage {
  return { text: escapeMrkdwn(problem), blocks: [section(escapeMrkdwn(problem)), context([USAGE.join('\n')])] };
}

import type { KnownBlock } from '@slack/types';
import type { Article } from '../articles/article.js';
import type { DigestItem } from '../digest/digest.js';
import type { SpikeNotice } from '../alerts/spikes.js';
import { outletName } from '../search/stories.js';
import { context, plural, safeUserId, section } from './brief-message.js';
import { renderDigestItem, titleLink } from './digest-message.js';
import { escapeLabel, escapeMrkdwn, truncate } from './escape.js';
import type { SlackMessage } from './limits.js';

/** An alert as its messages show it. */
export interface AlertView {
  id: number;
  query: string;
  everyMinutes: number;
  quiet?: { start: string; end: string };
  createdBy?: string;
}

const quoted = (query: string) => `“${escapeLabel(truncate(query, 200))}”`;

/**
 * An alert's post: its new stories (as digest items), the rest counted, how to stop it.
 *
 * @example
 * const post = renderAlertPost({ alert: { id: 3, query: 'taliban', everyMinutes: 10 }, items: digest.items.slice(0, 2), totalStories: 5 });
 * post.blocks.map((b) => b.type) // => ['section', 'section', 'context_actions', 'section', 'context_actions', 'context']
 * post.text.split('\n')[0] // => 'Alert “taliban”: 5 new stories'
 */
export function renderAlertPost(input: { alert: AlertView; items: readonly DigestItem[]; totalStories: number }): SlackMessage {
  const { alert, items } = input;
  const head = section(`:rotating_light: *Alert* ${quoted(alert.query)} · ${plural(input.totalStories, 'new story', 'new stories')}`);
  const blocks: KnownBlock[] = [head, ...items.flatMap((item) => renderDigestItem(item, `alert:${alert.id}`))];
  const rest = input.totalStories - items.length;
  const foot = [`Alert \`${alert.id}\` · later reports of these stories go in this thread · end it with \`/brief alert stop ${alert.id}\``];
  if (rest > 0) foot.unshift(`${plural(rest, 'more story', 'more stories')}: ask \`/brief ${escapeMrkdwn(truncate(alert.query, 200))}\``);
  blocks.push(context(foot));
  const lines = [`Alert “${escapeMrkdwn(truncate(alert.query, 200))}”: ${plural(input.totalStories, 'new story', 'new stories')}`, ...items.map((i) => `${i.number}. ${escapeMrkdwn(truncate(i.article.title, 200))}`)];
  return { text: truncate(lines.join('\n'), 3000), blocks };
}

/**
 * A thread reply under an alert post: outlets that reported the story since.
 *
 * @example renderFollowUp({ articles: [{ ...article, source: 'AP' }, { ...article, source: 'BBC' }] }).text // => 'Also reported by AP, BBC'
 */
export function renderFollowUp(input: { articles: readonly Article[] }): SlackMessage {
  const names = input.articles.slice(0, 20).map((a) => escapeMrkdwn(truncate(outletName(a), 80)));
  const links = input.articles.slice(0, 20).map((a) => `• ${titleLink({ article: a })} · ${escapeMrkdwn(truncate(outletName(a), 80))}`);
  return {
    text: truncate(`Also reported by ${names.join(', ')}`, 3000),
    blocks: [section(`:heavy_plus_sign: *Also reported by* ${names.join(', ')}`), section(links.join('\n'))],
  };
}

/**
 * The "surging" notice of a watched topic: the count, the outlets, the top story.
 *
 * @example
 * const notice = { count: 8, outlets: ['AP', 'BBC', 'Reuters'], baselinePerHour: 0.5, top: { article, outlets: ['AP', 'BBC'] } };
 * renderSpikeNotice({ query: 'pipeline', notice }).text // => '“pipeline” is surging: 8 articles in the last hour from 3 outlets'
 */
export function renderSpikeNotice(input: { query: string; notice: SpikeNotice }): SlackMessage {
  const { notice } = input;
  const outlets = escapeMrkdwn(truncate(notice.outlets.join(', '), 600));
  const usual = notice.baselinePerHour < 0.1 ? 'usually almost none' : `usually about ${Math.round(notice.baselinePerHour * 10) / 10} an hour`;
  const line = `:chart_with_upwards_trend: ${quoted(input.query)} *is surging*: ${plural(notice.count, 'article')} in the last hour from ${plural(notice.outlets.length, 'outlet')} (${usual}).`;
  const top = notice.top.article;
  return {
    text: truncate(`“${escapeMrkdwn(input.query)}” is surging: ${plural(notice.count, 'article')} in the last hour from ${notice.outlets.length} outlets`, 3000),
    blocks: [
      section(line),
      section(`*Top story:* ${titleLink({ article: top })}\n${escapeMrkdwn(truncate(notice.top.outlets.join(', '), 400))}`),
      context([`Outlets: ${outlets}`, 'Brief stays quiet on this topic for a while now.']),
    ],
  };
}

const USAGE = [
  '`/brief alert <query> [every N min] [quiet HH:MM-HH:MM]`  new articles on the query are posted here as they arrive',
  '`/brief alerts`  lists this channel’s alerts',
  '`/brief alert stop <id>`  ends one',
];

/**
 * Confirms a new alert.
 *
 * @example renderAlertAdded({ id: 2, query: 'pipeline', everyMinutes: 10 }, 'UTC').text // => 'Alert 2 set: new articles on “pipeline” are posted here, at most every 10 min.'
 */
export function renderAlertAdded(alert: AlertView, timeZone: string): SlackMessage {
  const quiet = alert.quiet ? `, quiet ${alert.quiet.start}–${alert.quiet.end} (${escapeMrkdwn(timeZone)})` : '';
  const text = `Alert ${alert.id} set: new articles on “${escapeMrkdwn(truncate(alert.query, 300))}” are posted here, at most every ${alert.everyMinutes} min${quiet}.`;
  return { text, blocks: [section(`:white_check_mark: New articles on ${quoted(alert.query)} will be posted here as they arrive, at most every *${alert.everyMinutes} min*${quiet}.`), context([`Alert \`${alert.id}\` · end it with \`/brief alert stop ${alert.id}\``])] };
}

/**
 * The channel's alerts.
 *
 * @example renderAlertList([], 'UTC').text // => 'This channel has no alerts.'
 */
export function renderAlertList(alerts: readonly AlertView[], timeZone: string): SlackMessage {
  if (alerts.length === 0) return { text: 'This channel has no alerts.', blocks: [section('This channel has no alerts.'), context([USAGE[0]!])] };
  const shown = alerts.slice(0, 40);
  const lines = shown.map((a) => `\`${a.id}\`  ${quoted(a.query)} · every ${a.everyMinutes} min${a.quiet ? ` · quiet ${a.quiet.start}–${a.quiet.end}` : ''}${a.createdBy ? ` · added by <@${safeUserId(a.createdBy)}>` : ''}`);
  const blocks: KnownBlock[] = [section(`*This channel’s alerts* (quiet hours in ${escapeMrkdwn(timeZone)})`), section(lines.join('\n'))];
  if (alerts.length > shown.length) blocks.push(context([`and ${alerts.length - shown.length} more`]));
  blocks.push(context(['End one with `/brief alert stop <id>`']));
  return { text: `This channel has ${plural(alerts.length, 'alert')}.`, blocks };
}

/**
 * Confirms (or denies) stopping an alert.
 *
 * @example renderAlertStopped(2, true).text // => 'Alert 2 stopped.'
 */
export function renderAlertStopped(id: number, removed: boolean): SlackMessage {
  const text = removed ? `Alert ${id} stopped.` : `This channel has no alert ${id}. \`/brief alerts\` lists them.`;
  return { text, blocks: [section(removed ? `:wave: ${text}` : text)] };
}

/**
 * What the alert commands accept, after a malformed one.
 *
 * @example renderAlertUsage('Say what to watch.').blocks.length // => 2
 */
export function renderAlertUsage(problem: string): SlackMessage {
  return { text: problem, blocks: [section(escapeMrkdwn(problem)), context([USAGE.join('\n')])] };
}

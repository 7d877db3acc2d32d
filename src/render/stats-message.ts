import type { KnownBlock } from '@slack/types';
import type { FeedbackCount, UsageStats } from '../alerts/usage-stats.js';
import { context, section } from './brief-message.js';
import { escapeMrkdwn, truncate } from './escape.js';
import type { SlackMessage } from './limits.js';

const line = (c: FeedbackCount, label: string) => `${label} · :thumbsup: ${c.helpful} · :thumbsdown: ${c.unhelpful}`;

/** How an origin key reads: `alert:3` → "alert 3", `brief:x` → "brief “x”". */
function originLabel(key: string): string {
  const [kind, ...rest] = key.split(':');
  const what = rest.join(':');
  if (kind === 'brief') return `brief “${escapeMrkdwn(truncate(what, 80))}”`;
  if (kind === 'sub') return `subscription ${escapeMrkdwn(what)}`;
  if (kind === 'channel') return `daily digest in ${escapeMrkdwn(what)}`;
  return `${escapeMrkdwn(kind ?? '')} ${escapeMrkdwn(what)}`;
}

/**
 * `/brief stats` for an admin: briefs asked, the top queries, helpful/unhelpful per source and per
 * alert (or brief, subscription, digest).
 *
 * @example renderStats({ briefsAsked: 0, topQueries: [], bySource: [], byOrigin: [] }).text // => 'Brief stats: 0 briefs asked.'
 */
export function renderStats(stats: UsageStats): SlackMessage {
  const blocks: KnownBlock[] = [section(`:bar_chart: *Brief stats* · ${stats.briefsAsked} brief${stats.briefsAsked === 1 ? '' : 's'} asked`)];
  const list = (title: string, lines: string[]) => blocks.push(section(`*${title}*\n${lines.length > 0 ? truncate(lines.join('\n'), 2900) : '_none yet_'}`));
  list('Top queries', stats.topQueries.map((q, i) => `${i + 1}. “${escapeMrkdwn(truncate(q.query, 100))}” × ${q.count}`));
  list('Feedback per source', stats.bySource.map((c) => line(c, escapeMrkdwn(truncate(c.key, 80)))));
  list('Feedback per alert, subscription and brief', stats.byOrigin.map((c) => line(c, originLabel(c.key))));
  blocks.push(context(['Only you can see this. Each person’s latest press on an item counts once.']));
  return { text: `Brief stats: ${stats.briefsAsked} brief${stats.briefsAsked === 1 ? '' : 's'} asked.`, blocks };
}

/**
 * The refusal of `/brief stats` to anyone but an admin.
 *
 * @example renderStatsRefused(true).text // => 'Only Brief’s admins can see its stats.'
 */
export function renderStatsRefused(adminsConfigured: boolean): SlackMessage {
  const text = adminsConfigured ? 'Only Brief’s admins can see its stats.' : 'Brief’s stats are for its admins; none is configured (ADMIN_USER_IDS).';
  return { text, blocks: [section(`:no_entry: ${text}`)] };
}

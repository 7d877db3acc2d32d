import type { KnownBlock } from '@slack/types';
import { context, plural, section } from './brief-message.js';
import { escapeMrkdwn, mrkdwnLink, truncate } from './escape.js';
import { hostOf } from './format.js';
import type { SlackMessage } from './limits.js';

/** A feed as the messages show it. */
export interface FeedView {
  id: number;
  url: string;
  name?: string;
  items: number;
  failures: number;
  lastOkAt?: Date;
  lastError?: string;
}

const USAGE = [
  '`/brief feeds`  lists the feeds Brief polls',
  '`/brief feeds add <url> [as <name>]`  adds one (it is fetched at once)',
  '`/brief feeds remove <id|url>`  stops polling one',
];
const MAX_LISTED = 40;

/**
 * The feed list: each feed's number, name, address, last success, items and failures.
 *
 * @example renderFeedList([]).text // => 'Brief polls no feeds.'
 */
export function renderFeedList(feeds: readonly FeedView[]): SlackMessage {
  if (feeds.length === 0) return { text: 'Brief polls no feeds.', blocks: [section('Brief polls no feeds.'), context([USAGE[1]!])] };
  const blocks: KnownBlock[] = [section(`*Feeds Brief polls* (${feeds.length})`)];
  for (const f of feeds.slice(0, MAX_LISTED)) {
    const facts = [f.lastOkAt ? `last success ${instant(f.lastOkAt)}` : 'no success yet', plural(f.items, 'item'), plural(f.failures, 'failure')];
    if (f.failures > 0 && f.lastError) facts.push(`last error: ${escapeMrkdwn(truncate(f.lastError, 200))}`);
    blocks.push(section(`\`${f.id}\`  *${mrkdwnLink(f.url, truncate(nameOf(f), 100))}*\n${facts.join(' · ')}`));
  }
  if (feeds.length > MAX_LISTED) blocks.push(context([`and ${feeds.length - MAX_LISTED} more`]));
  blocks.push(context([USAGE.slice(1).join('\n')]));
  return { text: `Brief polls ${plural(feeds.length, 'feed')}.`, blocks };
}

/**
 * Confirms a feed added, with what its first fetch gave.
 *
 * @example renderFeedAdded({ id: 2, url: 'https://x.org/rss', items: 0, failures: 0 }, { items: 12, added: 12 }).text // => 'Added feed 2, x.org: 12 items in it, 12 new.'
 */
export function renderFeedAdded(feed: FeedView, first: { items: number; added: number }): SlackMessage {
  const text = `Added feed ${feed.id}, ${nameOf(feed)}: ${plural(first.items, 'item')} in it, ${first.added} new.`;
  return { text: escapeMrkdwn(text), blocks: [section(`:white_check_mark: Added feed \`${feed.id}\`, ${mrkdwnLink(feed.url, truncate(nameOf(feed), 100))}: ${plural(first.items, 'item')} in it, ${first.added} new.`), context(['Remove it with `/brief feeds remove ' + feed.id + '`'])] };
}

/**
 * A feed that was already in the list.
 *
 * @example renderFeedKnown({ id: 2, url: 'https://x.org/rss', items: 3, failures: 0 }).text // => 'That feed is already in the list as 2, x.org.'
 */
export function renderFeedKnown(feed: FeedView): SlackMessage {
  return { text: escapeMrkdwn(`That feed is already in the list as ${feed.id}, ${nameOf(feed)}.`), blocks: [section(`That feed is already in the list as \`${feed.id}\`, ${mrkdwnLink(feed.url, truncate(nameOf(feed), 100))}.`)] };
}

/**
 * A feed refused, with the reason its fetch gave.
 *
 * @example renderFeedRefused('https://x.org/page', 'not an RSS, RDF or Atom feed').text // => 'Not added: https://x.org/page could not be used as a feed (not an RSS, RDF or Atom feed).'
 */
export function renderFeedRefused(url: string, reason: string): SlackMessage {
  const text = `Not added: ${truncate(url, 300)} could not be used as a feed (${truncate(reason, 500)}).`;
  return { text: escapeMrkdwn(text), blocks: [section(`:warning: ${escapeMrkdwn(text)}`), context([USAGE[1]!])] };
}

/**
 * Confirms (or denies) a removal.
 *
 * @example renderFeedRemoved(undefined, '7').text // => 'There is no feed 7. `/brief feeds` lists them.'
 */
export function renderFeedRemoved(feed: FeedView | undefined, asked: string): SlackMessage {
  if (feed === undefined) {
    const text = `There is no feed ${escapeMrkdwn(truncate(asked, 200))}. \`/brief feeds\` lists them.`;
    return { text, blocks: [section(text)] };
  }
  const text = `Removed feed ${feed.id}, ${nameOf(feed)}: Brief no longer polls it; the articles it gave stay.`;
  return { text: escapeMrkdwn(text), blocks: [section(`:wave: ${escapeMrkdwn(text)}`)] };
}

/**
 * A refusal for someone who is not an admin, or what the feed commands accept.
 *
 * @example renderFeedUsage('Say which feed to add.').blocks.length // => 2
 */
export function renderFeedUsage(problem: string): SlackMessage {
  return { text: problem, blocks: [section(escapeMrkdwn(problem)), context([USAGE.join('\n')])] };
}

function nameOf(feed: Pick<FeedView, 'name' | 'url'>): string {
  return feed.name ?? hostOf(feed.url);
}

function instant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

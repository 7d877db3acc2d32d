import type { KnownBlock } from '@slack/types';
import type { Digest, DigestItem } from '../digest/digest.js';
import { context, plural, section } from './brief-message.js';
import { escapeLabel, escapeMrkdwn, mrkdwnLink, truncate } from './escape.js';
import { feedbackBlock } from './feedback.js';
import { formatDate, hostOf, languageName, publisherLine } from './format.js';
import { SLACK_LIMITS, type SlackMessage } from './limits.js';

/** A digest as Slack messages: the post in the channel, and the full list for its thread (if any). */
export interface DigestMessages {
  headline: SlackMessage;
  /** Absent when the digest is short enough to be one compact post. */
  thread?: SlackMessage;
}

export interface DigestRenderOptions {
  /** The local date line, such as "Monday 30 March". */
  dateLine: string;
  /** Say that this is a private preview, not the posted digest. */
  preview?: boolean;
  /** Where the items come from (the target key, `channel:C1` or `sub:7`): each gets feedback buttons. */
  feedbackOrigin?: string;
}

/** Up to this many stories, a digest is one compact post; above it, a headline post and a thread. */
export const COMPACT_MAX_STORIES = 3;
/** Stories named in a headline post. */
const HEADLINE_STORIES = 3;
const SUMMARY_MAX = 600;

/**
 * A digest as Slack messages. With {@link COMPACT_MAX_STORIES} stories or fewer: one post holding
 * them all. With more: a short headline post (counts and the top three titles) and the full list
 * as a thread reply, so the channel stays readable. Within Slack's limits by construction.
 *
 * @example renderDigest(digest, { dateLine: 'Monday 30 March' }).thread === undefined // => digest.items.length <= 3
 */
export function renderDigest(digest: Digest, options: DigestRenderOptions): DigestMessages {
  const head = heading(digest, options);
  const counts = countsLine(digest);
  if (digest.items.length === 0) {
    return { headline: { text: `${plainTitle(digest)}: nothing new since the last digest.`, blocks: [head, context(['Nothing new has arrived since the last digest.'])] } };
  }
  if (digest.items.length <= COMPACT_MAX_STORIES) {
    const blocks: KnownBlock[] = [head, context([counts]), { type: 'divider' }, ...digest.items.flatMap((item) => renderDigestItem(item, options.feedbackOrigin))];
    blocks.push(...moreNote(digest));
    return { headline: { text: fallback(digest, digest.items), blocks } };
  }
  const top = digest.items.slice(0, HEADLINE_STORIES).map((item) => `• ${titleLink(item)} · ${escapeLabel(truncate(publisherLine(item.article), 120))}`);
  const headline: SlackMessage = {
    text: fallback(digest, digest.items.slice(0, HEADLINE_STORIES)),
    blocks: [head, context([counts]), section(top.join('\n')), context([options.preview ? 'The full list will be in a thread under the digest.' : ':thread: The full list is in the thread.'])],
  };
  const threadBlocks: KnownBlock[] = [section(`*All ${plural(digest.items.length, 'story', 'stories')}*`), ...digest.items.flatMap((item) => renderDigestItem(item, options.feedbackOrigin)), ...moreNote(digest)];
  return { headline, thread: { text: fallback(digest, digest.items), blocks: threadBlocks } };
}

function heading(digest: Digest, options: DigestRenderOptions): KnownBlock {
  const what = digest.query === undefined ? '*Daily brief*' : `*Daily brief on* “${escapeLabel(truncate(digest.query, 200))}”`;
  return section(`${options.preview ? ':eyes: _Preview_ · ' : ''}:newspaper: ${what} · ${escapeMrkdwn(options.dateLine)}`);
}

function countsLine(digest: Digest): string {
  return `${plural(digest.totalStories, 'new story', 'new stories')} from ${plural(digest.totalArticles, 'article')} since the last digest`;
}

function moreNote(digest: Digest): KnownBlock[] {
  const rest = digest.totalStories - digest.items.length;
  return rest > 0 ? [context([`${plural(rest, 'more story', 'more stories')} not listed here: ask \`/brief\` for a topic.`])] : [];
}

/** A story's title, linked to its original when that is known. */
export function titleLink(item: Pick<DigestItem, 'article'>): string {
  const title = truncate(item.article.title, 200);
  return item.article.url ? mrkdwnLink(item.article.url, title) : escapeLabel(title);
}

/**
 * One story of a digest or an alert: title, publisher, date, summary, other outlets, and feedback
 * buttons when its origin is given.
 *
 * @example
 * renderDigestItem(digest.items[0]!, 'alert:3').map((b) => b.type) // => ['section', 'context_actions']
 * renderDigestItem(digest.items[0]!).map((b) => b.type) // => ['section']
 */
export function renderDigestItem(item: DigestItem, origin?: string): KnownBlock[] {
  const a = item.article;
  const facts = [escapeLabel(truncate(publisherLine(a), 200)), a.published ? formatDate(a.published) : 'date unknown'];
  const language = languageName(a.lang);
  if (language !== undefined) facts.push(language);
  if (a.teaserOnly) facts.push('teaser only');
  else if (a.excerpt) facts.push('lead excerpt');
  const lines = [`*${item.number}. ${titleLink(item)}*`, facts.join(' · ')];
  if (!a.url) lines.push(a.via ? `_Original link not known; text found at ${mrkdwnLink(a.via, hostOf(a.via))}_` : '_Original link not known._');
  if (item.summary.length > 0) lines.push(`>${escapeMrkdwn(truncate(item.summary.join(' '), SUMMARY_MAX))}`);
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  if (item.outlets.length > 1) blocks.push(context([`Also reported by ${escapeLabel(truncate(item.outlets.slice(1).join(', '), 400))}`]));
  else if (item.others.length > 0) blocks.push(context([`${plural(item.others.length, 'copy', 'copies')} elsewhere`]));
  const feedback = origin === undefined ? undefined : feedbackBlock(origin, a);
  if (feedback) blocks.push(feedback);
  return blocks;
}

function plainTitle(digest: Digest): string {
  return digest.query === undefined ? 'Daily brief' : `Daily brief on “${escapeLabel(digest.query)}”`;
}

function fallback(digest: Digest, items: readonly DigestItem[]): string {
  const lines = [`${plainTitle(digest)}: ${countsLine(digest)}`, ...items.map((i) => `${i.number}. ${escapeLabel(i.article.title)} (${escapeLabel(publisherLine(i.article))})`)];
  return truncate(lines.join('\n'), SLACK_LIMITS.text);
}

/**
 * A digest as plain text for a terminal (`npm run digest -- --dry-run`).
 *
 * @example renderDigestText(digest, 'Monday 30 March').includes('Monday 30 March') // => true
 */
export function renderDigestText(digest: Digest, dateLine: string): string {
  const out = [`${digest.query === undefined ? 'Daily brief' : `Daily brief on "${digest.query}"`} · ${dateLine}`];
  out.push(`${countsLine(digest)}`, '');
  for (const item of digest.items) {
    const a = item.article;
    out.push(`[${item.number}] ${a.title}`, `    ${publisherLine(a)} · ${a.published ? formatDate(a.published) : 'date unknown'}`, `    ${a.url ?? (a.via ? `original link not known; text found at ${a.via}` : 'original link not known')}`);
    for (const s of item.summary) out.push(`    > ${s}`);
    if (item.outlets.length > 1) out.push(`    also reported by: ${item.outlets.slice(1).join(', ')}`);
    out.push('');
  }
  if (digest.items.length === 0) out.push('Nothing new since the last digest.');
  return out.join('\n').trimEnd();
}

/**
 * A digest's headline and thread as one private message (`/brief digest`), the note first, within
 * Slack's block limit (what does not fit is said to be cut).
 *
 * @example renderDigestPreview({ headline: { text: 'Digest', blocks: [] } }, 'What it would hold now.').text // => 'Preview: Digest'
 */
export function renderDigestPreview(messages: DigestMessages, note: string): SlackMessage {
  const { headline, thread } = messages;
  const blocks: KnownBlock[] = [...headline.blocks, ...(thread ? [{ type: 'divider' } as KnownBlock, ...thread.blocks] : [])];
  const room = SLACK_LIMITS.blocks - 1;
  const kept = blocks.length > room ? [...blocks.slice(0, room - 1), context(['The full preview is longer than one message can show.'])] : blocks;
  return { text: `Preview: ${headline.text}`, blocks: [context([note]), ...kept] };
}

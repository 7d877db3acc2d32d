import type { ActionsBlock, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { Brief, BriefItem } from '../brief/make-brief.js';
import { hasMore } from '../brief/make-brief.js';
import { escapeMrkdwn, mrkdwnLink, truncate, escapeLabel } from './escape.js';
import { feedbackBlock } from './feedback.js';
import { formatDate, hostOf, languageName, publisherLine } from './format.js';
import { SLACK_LIMITS, type SlackMessage } from './limits.js';

/** Action ids of the brief's buttons. */
export const ACTIONS = { share: 'brief_share', more: 'brief_more' } as const;

/** What a button carries: the query and the page to show. */
export interface ButtonState {
  q: string;
  p: number;
}

export interface BriefRenderOptions {
  /** The Slack user id of whoever shared the brief into the channel. */
  sharedBy?: string;
  /** Show *Share in channel* and *More* (off for shared and digest messages). */
  buttons?: boolean;
}

type Results = Extract<Brief, { kind: 'results' }>;

const SUMMARY_MAX = 700;
const SYNTHESIS_SENTENCE_MAX = 550;

/**
 * A brief as a Slack message: the synthesis with numbered citations, then each item (linked title,
 * publisher, date, summary, why it matched), then the buttons. Within Slack's limits by construction.
 *
 * @example renderBrief(makeBrief(index, 'taliban', { now }) as Results).blocks.length <= 50 // => true
 */
export function renderBrief(brief: Results, options: BriefRenderOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (options.sharedBy !== undefined) blocks.push(context([`Shared by <@${safeUserId(options.sharedBy)}>`]));
  blocks.push(section(`:newspaper: *Brief on* “${escapeLabel(truncate(brief.query.text, 200))}”`));
  const first = brief.page * brief.pageSize + 1;
  const last = first + brief.items.length - 1;
  const about = brief.estimated === true ? 'about ' : '';
  const counts = `${about}${plural(brief.totalStories, 'story', 'stories')} from ${about}${plural(brief.totalArticles, 'article')}` + (brief.totalStories > brief.items.length ? ` · showing ${first}–${last}` : '');
  blocks.push(context([counts, ...brief.query.notes.slice(0, 9).map((n) => `:information_source: ${escapeMrkdwn(truncate(n, 300))}`)]));
  if (brief.synthesis.length > 0) {
    blocks.push(section(brief.synthesis.map((c) => `• ${escapeMrkdwn(truncate(c.text, SYNTHESIS_SENTENCE_MAX))} [${c.cite}]`).join('\n')));
  }
  blocks.push({ type: 'divider' });
  for (const item of brief.items) blocks.push(...renderItem(item, `brief:${truncate(brief.query.text, 300)}`));
  const more = hasMore(brief);
  if (more) {
    const remaining = brief.totalStories - last;
    blocks.push(context([`${plural(remaining, 'more story', 'more stories')}${options.buttons === false ? '' : ': press *More*'}`]));
  }
  if (options.buttons !== false) blocks.push(buttons(brief, more));
  return { text: fallbackText(brief), blocks };
}

function renderItem(item: BriefItem, origin: string): KnownBlock[] {
  const a = item.article;
  const title = truncate(a.title, 250);
  const heading = a.url ? `*${item.number}. ${mrkdwnLink(a.url, title)}*` : `*${item.number}. ${escapeLabel(title)}*`;
  const facts = [escapeLabel(truncate(publisherLine(a), 200)), a.published ? formatDate(a.published) : 'date unknown'];
  if (a.author) facts.push(`by ${escapeLabel(truncate(a.author, 100))}`);
  const language = languageName(a.lang);
  if (language !== undefined) facts.push(language);
  if (a.teaserOnly) facts.push('teaser only');
  else if (a.excerpt) facts.push('lead excerpt');
  const lines = [heading, facts.join(' · ')];
  if (!a.url) lines.push(a.via ? `_Original link not known; text found at ${mrkdwnLink(a.via, hostOf(a.via))}_` : '_Original link not known._');
  if (item.summary.length > 0) lines.push(`>${escapeMrkdwn(truncate(item.summary.join(' '), SUMMARY_MAX))}`);
  const why: string[] = [];
  if (item.matched.length > 0) why.push(`Matched ${escapeMrkdwn(truncate(item.matched.join(', '), 300))}${item.fields.length > 0 ? ` in ${item.fields.join(', ')}` : ''}`);
  if (item.outlets.length > 1) why.push(`Also reported by ${escapeLabel(truncate(item.outlets.slice(1).join(', '), 400))}`);
  else if (item.others.length > 0) why.push(`${plural(item.others.length, 'copy', 'copies')} elsewhere`);
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  if (why.length > 0) blocks.push(context(why));
  const feedback = feedbackBlock(origin, a);
  if (feedback) blocks.push(feedback);
  return blocks;
}

function buttons(brief: Results, more: boolean): ActionsBlock {
  const state = (p: number): string => JSON.stringify({ q: truncate(brief.query.text, 1500), p } satisfies ButtonState);
  const elements: ActionsBlock['elements'] = [
    { type: 'button', action_id: ACTIONS.share, text: { type: 'plain_text', text: 'Share in channel' }, style: 'primary', value: state(brief.page) },
  ];
  if (more) elements.push({ type: 'button', action_id: ACTIONS.more, text: { type: 'plain_text', text: 'More' }, value: state(brief.page + 1) });
  return { type: 'actions', block_id: 'brief_actions', elements };
}

function fallbackText(brief: Results): string {
  const lines = [`Brief on “${escapeLabel(brief.query.text)}”: ${plural(brief.totalStories, 'story', 'stories')}`];
  for (const item of brief.items) lines.push(`${item.number}. ${escapeLabel(item.article.title)} (${escapeLabel(publisherLine(item.article))})`);
  return truncate(lines.join('\n'), SLACK_LIMITS.text);
}

/** A mrkdwn section, its text cut to Slack's limit. */
export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.text) } };
}

/** A context block of mrkdwn elements, at most ten. */
export function context(texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: truncate(t, SLACK_LIMITS.text) })) };
}

/** "1 story", "3 stories". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A Slack user id, or a placeholder if it is not one (never raw text inside `<@…>`). */
export function safeUserId(id: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(id) ? id : 'unknown';
}

/** Reads a button's value back; undefined when it is not one of ours. */
export function parseButtonState(value: string | undefined): ButtonState | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    // Own properties only: a value is user input, and its keys must never reach Object.prototype.
    if (typeof parsed !== 'object' || parsed === null || !Object.hasOwn(parsed, 'q') || !Object.hasOwn(parsed, 'p')) return undefined;
    const { q, p } = parsed as { q: unknown; p: unknown };
    if (typeof q === 'string' && typeof p === 'number' && Number.isInteger(p) && p >= 0) return { q, p };
  } catch {
    /* not ours */
  }
  return undefined;
}

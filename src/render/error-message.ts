import type { KnownBlock } from '@slack/types';
import { section, context } from './brief-message.js';
import { escapeMrkdwn, truncate } from './escape.js';
import type { SlackMessage } from './limits.js';

/**
 * A short apology with a reference id that is also in the log, so a report can be traced.
 *
 * @example renderError('b7f3c2').text // => 'Sorry, Brief hit a problem (reference b7f3c2).'
 */
export function renderError(reference: string, detail?: string): SlackMessage {
  const ref = escapeMrkdwn(reference);
  const blocks: KnownBlock[] = [section(`:warning: Sorry, Brief hit a problem and could not answer. Please try again in a moment.`)];
  blocks.push(context([`Reference \`${ref}\`${detail ? ` · ${escapeMrkdwn(truncate(detail, 500))}` : ''}`]));
  return { text: `Sorry, Brief hit a problem (reference ${ref}).`, blocks };
}

/** A one-line notice (a refusal, a confirmation) as a message. */
export function renderNotice(text: string): SlackMessage {
  const safe = escapeMrkdwn(text);
  return { text: truncate(safe, 3000), blocks: [section(safe)] };
}

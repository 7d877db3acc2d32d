import type { Brief } from '../brief/make-brief.js';
import { hasMore } from '../brief/make-brief.js';
import { context } from './brief-message.js';
import type { SlackMessage } from './limits.js';
import { renderAnyBrief } from './render-brief.js';

/**
 * A brief posted in a conversation (a thread under a mention, a DM): visible to all, so no buttons;
 * when there are more stories, a line says how to ask for them (`@Brief more`, or `more` in a DM).
 *
 * @example renderConversationBrief(makeBrief(index, 'china', { now, pageSize: 1 }), { command: '@Brief', moreCommand: '@Brief more' }).blocks.at(-1).elements[0].text // => 'Say `@Brief more` for the next stories.'
 */
export function renderConversationBrief(brief: Brief, options: { command: string; moreCommand: string }): SlackMessage {
  const message = renderAnyBrief(brief, { command: options.command, buttons: false });
  if (!hasMore(brief)) return message;
  return { text: message.text, blocks: [...message.blocks, context([`Say \`${options.moreCommand}\` for the next stories.`])] };
}

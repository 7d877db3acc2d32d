import type { KnownBlock } from '@slack/types';
import { context, section } from './brief-message.js';
import { escapeMrkdwn } from './escape.js';
import { HELP_INTRO, QUERY_HELP } from './help-text.js';
import type { SlackMessage } from './limits.js';

/**
 * The help message: what Brief does and the query language. `command` is how the user reached Brief
 * (`/brief` or `@Brief`), used in the examples.
 *
 * @example renderHelp('/brief').blocks[0].type // => 'header'
 */
export function renderHelp(command = '/brief', notes: readonly string[] = []): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Brief: how to ask' } },
    section(HELP_INTRO),
    section(QUERY_HELP.map((h) => `\`${command} ${h.syntax}\`  ${h.meaning}`).join('\n')),
    context([`Each result shows its publisher and date when they are known, and says so when they are not. Press *Share in channel* to post a brief for everyone.`]),
  ];
  if (notes.length > 0) blocks.push(context(notes.map((n) => `:information_source: ${escapeMrkdwn(n)}`)));
  return { text: `Brief: how to ask. Try ${command} china russia, or ${command} source:usip since:30d.`, blocks };
}

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Brief } from '../brief/make-brief.js';
import { renderConversationBrief } from '../render/conversation-brief.js';
import { renderNotice } from '../render/error-message.js';
import type { SlackMessage } from '../render/limits.js';
import type { AppState } from './app-state.js';
import type { AppDeps } from './deps.js';
import { isMoreRequest } from './message-text.js';

/** Where a conversational answer goes, and the key of its thread's memory. */
export interface Conversation {
  channel: string;
  /** Reply in this thread; none for a DM's top level. */
  threadTs?: string;
  key: string;
  /** How the user addresses Brief here: `@Brief` in channels, nothing in a DM. */
  ask: string;
}

/**
 * Answers a query in a conversation (thread or DM): "more" continues the thread's last brief,
 * anything else is a new query. Remembers the brief for the thread and posts the answer, link
 * previews off.
 *
 * @example await answerInConversation(deps, state, client, log, { channel, threadTs, key, ask: '@Brief' }, 'taliban')
 */
export async function answerInConversation(deps: AppDeps, state: AppState, client: WebClient, log: Logger, where: Conversation, query: string): Promise<void> {
  const message = await conversationReply(deps, state, where, query);
  log.debug({ key: where.key }, 'answering in conversation');
  await client.chat.postMessage({
    channel: where.channel,
    ...(where.threadTs === undefined ? {} : { thread_ts: where.threadTs }),
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
}

async function conversationReply(deps: AppDeps, state: AppState, where: Conversation, query: string): Promise<SlackMessage> {
  const more = where.ask === '' ? 'more' : `${where.ask} more`;
  const command = where.ask === '' ? '' : where.ask;
  if (isMoreRequest(query)) {
    const last = state.threads.get(where.key);
    if (last === undefined) {
      return renderNotice(`There is no brief here to continue. Ask ${command ? `${command} ` : ''}followed by a few words, such as "${command ? `${command} ` : ''}taliban revenue".`);
    }
    const brief = await deps.briefs.brief(last.q, { page: last.p + 1 });
    if (brief.kind !== 'results' || brief.page <= last.p) return renderNotice(`That was all: there are no more stories for "${last.q}".`);
    remember(state, where.key, brief);
    return renderConversationBrief(brief, { command: command || '/brief', moreCommand: more });
  }
  const brief = await deps.briefs.brief(query);
  remember(state, where.key, brief);
  return renderConversationBrief(brief, { command: command || '/brief', moreCommand: more });
}

function remember(state: AppState, key: string, brief: Brief): void {
  if (brief.kind === 'results') state.threads.set(key, { q: brief.query.text, p: brief.page });
}

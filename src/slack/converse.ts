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
  /** The workspace: the conversation store's keys include it. */
  team: string;
  /** Names this reply (the event it answers), so it is posted once however often it is retried. */
  replyKey: string;
  /** How the user addresses Brief here: `@Brief` in channels, nothing in a DM. */
  ask: string;
}

/**
 * Answers a query in a conversation (thread or DM): "more" continues the thread's last brief,
 * anything else is a new query. Remembers the brief for the thread and posts the answer, link
 * previews off.
 *
 * @example await answerInConversation(deps, state, log, { channel: 'C1', threadTs: '1764320400.000100', key: 'C1:1764320400.000100', team: 'T1', replyKey: 'T1:Ev1', ask: '@Brief' }, 'taliban');
 * slack.posted.map((m) => [m.channel, m.thread_ts]) // => [['C1', '1764320400.000100']]
 * await state.conversations.lastBrief('T1', 'C1:1764320400.000100') // => { q: 'taliban', p: 0 }
 */
export async function answerInConversation(deps: AppDeps, state: AppState, log: Logger, where: Conversation, query: string): Promise<void> {
  const message = await conversationReply(deps, state, where, query);
  log.debug({ key: where.key }, 'answering in conversation');
  await state.postReply(
    {
      channel: where.channel,
      ...(where.threadTs === undefined ? {} : { thread_ts: where.threadTs }),
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    },
    where.replyKey,
    log,
  );
}

async function conversationReply(deps: AppDeps, state: AppState, where: Conversation, query: string): Promise<SlackMessage> {
  const more = where.ask === '' ? 'more' : `${where.ask} more`;
  const command = where.ask === '' ? '' : where.ask;
  if (isMoreRequest(query)) {
    const last = await state.conversations.lastBrief(where.team, where.key);
    if (last === undefined) {
      return renderNotice(`There is no brief here to continue. Ask ${command ? `${command} ` : ''}followed by a few words, such as "${command ? `${command} ` : ''}taliban revenue".`);
    }
    const brief = await deps.briefs.brief(last.q, { page: last.p + 1 });
    if (brief.kind !== 'results' || brief.page <= last.p) return renderNotice(`That was all: there are no more stories for "${last.q}".`);
    await remember(state, where, brief);
    return renderConversationBrief(brief, { command: command || '/brief', moreCommand: more });
  }
  const brief = await deps.briefs.brief(query);
  await remember(state, where, brief);
  return renderConversationBrief(brief, { command: command || '/brief', moreCommand: more });
}

async function remember(state: AppState, where: Conversation, brief: Brief): Promise<void> {
  if (brief.kind === 'results') await state.conversations.rememberBrief(where.team, where.key, { q: brief.query.text, p: brief.page });
}

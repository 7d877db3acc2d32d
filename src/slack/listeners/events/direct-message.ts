import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { teamOf, type AppState } from '../../app-state.js';
import { answerInConversation } from '../../converse.js';
import type { AppDeps } from '../../deps.js';
import { queryFromMessage } from '../../message-text.js';
import { reportFailure } from '../../report-failure.js';
import { logOf } from '../../request-log.js';

/**
 * A direct message to Brief (`message.im`): the text is the query, the answer comes in the DM (in
 * the same thread when the message is in one). Edits, deletions and other bots' messages are ignored.
 */
export function directMessage(deps: AppDeps, state: AppState) {
  return async ({ message, body, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || message.bot_id !== undefined) return;
    const log = logOf(context, deps.logger);
    const threadTs = message.thread_ts;
    try {
      const query = queryFromMessage(message.text);
      const team = teamOf(context);
      const where = { channel: message.channel, ...(threadTs === undefined ? {} : { threadTs }), key: `${message.channel}:${threadTs ?? 'dm'}`, team, replyKey: `${team}:${body.event_id}`, ask: '' };
      await answerInConversation(deps, state, log, where, query);
    } catch (err) {
      await reportFailure(log, err, (m) => state.noRetry.chat.postMessage({ channel: message.channel, ...(threadTs === undefined ? {} : { thread_ts: threadTs }), text: m.text, blocks: m.blocks }));
    }
  };
}

/**
 * Registers the DM listener.
 *
 * @example register(app, deps, state);
 * await deliver(requests.message('taliban revenue'));
 * slack.posted.map((m) => m.channel) // => ['D1']
 */
export function register(app: App, deps: AppDeps, state: AppState): void {
  app.event('message', directMessage(deps, state));
}

import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { teamOf, type AppState } from '../../app-state.js';
import { answerInConversation } from '../../converse.js';
import type { AppDeps } from '../../deps.js';
import { queryFromMessage } from '../../message-text.js';
import { reportFailure } from '../../report-failure.js';
import { logOf } from '../../request-log.js';

/**
 * `@Brief …` in a channel: the answer goes in a thread under the mention (in the same thread when
 * the mention is in one). A bare mention in a thread briefs on the thread's first message, read with
 * `conversations.replies`; `@Brief more` continues the thread's last brief.
 */
export function appMention(deps: AppDeps, state: AppState) {
  return async ({ event, body, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs) => {
    const log = logOf(context, deps.logger);
    const threadTs = event.thread_ts ?? event.ts;
    try {
      let query = queryFromMessage(event.text);
      if (query === '' && event.thread_ts !== undefined) {
        const replies = await client.conversations.replies({ channel: event.channel, ts: event.thread_ts, limit: 1, inclusive: true });
        const parent = replies.messages?.[0];
        query = queryFromMessage(parent?.text);
        log.info({ parentChars: query.length }, 'briefing on the thread parent');
      }
      const team = teamOf(context);
      const replyKey = `${team}:${body.event_id}`;
      await answerInConversation(deps, state, log, { channel: event.channel, threadTs, key: `${event.channel}:${threadTs}`, team, replyKey, ask: '@Brief' }, query);
    } catch (err) {
      await reportFailure(log, err, (m) =>
        state.noRetry.chat.postEphemeral({ channel: event.channel, user: event.user ?? '', thread_ts: threadTs, text: m.text, blocks: m.blocks }),
      );
    }
  };
}

/**
 * Registers the mention listener.
 *
 * @example register(app, deps, state);
 * await deliver(requests.mention('taliban revenue'));
 * slack.posted.map((m) => [m.channel, m.thread_ts]) // => [['C1', '1764320400.000100']]
 */
export function register(app: App, deps: AppDeps, state: AppState): void {
  app.event('app_mention', appMention(deps, state));
}

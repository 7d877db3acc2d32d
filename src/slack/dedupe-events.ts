import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import { teamOf } from './app-state.js';
import type { ConversationStore } from './conversation-store.js';
import { logOf } from './request-log.js';

/**
 * Global middleware: an event whose `event_id` was already seen (Slack re-delivers when an ack is
 * late, with `x-slack-retry-num`) stops here, so it is answered once, also after a restart when the
 * store is SQLite. Bolt has acknowledged it already.
 *
 * @example let seen = 0;
 * app.use(dedupeEvents(memoryConversationStore(clock), logger));
 * app.event('app_mention', async () => void (seen += 1));
 * await deliver(requests.mention('taliban')); await deliver(requests.mention('taliban')); // Slack's retry: the same event id
 * seen // => 1
 */
export function dedupeEvents(store: ConversationStore, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await store.firstSighting(teamOf(context), eventId))) {
      logOf(context, logger).info({ eventId, retry: context.retryNum }, 'duplicate event skipped');
      return;
    }
    await next();
  };
}

import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Clock } from './deps.js';
import { ExpiringMap } from './expiring-map.js';
import { logOf } from './request-log.js';
import type { Logger } from 'pino';

/** Slack retries an event three times within about an hour; remember ids that long. */
export const EVENT_MEMORY = { maxEntries: 5_000, ttlMs: 60 * 60 * 1000 } as const;

/**
 * Global middleware: an event whose `event_id` was already seen (Slack re-delivers when an ack is
 * late, with `x-slack-retry-num`) stops here, so it is answered once. Bolt has acknowledged it already.
 *
 * @example app.use(dedupeEvents(clock, logger))
 */
export function dedupeEvents(clock: Clock, logger: Logger): Middleware<AnyMiddlewareArgs> {
  const seen = new ExpiringMap<string, true>({ ...EVENT_MEMORY, clock });
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      if (seen.has(eventId)) {
        logOf(context, logger).info({ eventId, retry: context.retryNum }, 'duplicate event skipped');
        return;
      }
      seen.set(eventId, true);
    }
    await next();
  };
}

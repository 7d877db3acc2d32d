import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';

/** What one incoming request is, for its log lines. */
export interface RequestFields {
  kind: string;
  command?: string;
  action?: string;
  event?: string;
  user?: string;
  channel?: string;
  eventId?: string;
  retry?: number;
}

/**
 * Reads the fields a request's logs carry from a Bolt body (slash command, block action or event).
 */
function requestFields(body: Record<string, unknown>, retry?: number): RequestFields {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
  const fields: RequestFields = { kind: 'other' };
  const set = (key: keyof RequestFields, value: string | number | undefined) => {
    if (value !== undefined) (fields as unknown as Record<string, unknown>)[key] = value;
  };
  if (str(body.command)) {
    fields.kind = 'command';
    set('command', str(body.command));
    set('user', str(body.user_id));
    set('channel', str(body.channel_id));
  } else if (body.type === 'block_actions') {
    fields.kind = 'action';
    set('action', str(obj((body.actions as unknown[] | undefined)?.[0]).action_id));
    set('user', str(obj(body.user).id));
    set('channel', str(obj(body.channel).id));
  } else if (body.type === 'event_callback') {
    const event = obj(body.event);
    fields.kind = 'event';
    set('event', str(event.type));
    set('user', str(event.user));
    set('channel', str(event.channel));
    set('eventId', str(body.event_id));
  } else if (str(body.type)) {
    fields.kind = str(body.type) ?? 'other';
  }
  set('retry', retry);
  return fields;
}

/**
 * Global middleware: puts a child logger with the request's command/action/event, user and channel
 * on `context.log`, and logs the request's latency when its listeners are done.
 */
export function requestLogger(logger: Logger, clock: Clock): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const started = clock.now().getTime();
    const log = logger.child(requestFields(body as unknown as Record<string, unknown>, context.retryNum));
    context.log = log;
    try {
      await next();
    } finally {
      log.info({ latencyMs: clock.now().getTime() - started }, 'request handled');
    }
  };
}

/** The request's child logger, or `fallback` outside a request. */
export function logOf(context: Context, fallback: Logger): Logger {
  return (context.log as Logger | undefined) ?? fallback;
}

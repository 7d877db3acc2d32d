import type { Logger } from 'pino';
import { renderError } from '../render/error-message.js';
import type { SlackMessage } from '../render/limits.js';
import { newReference } from './reference.js';

/**
 * Logs a listener's failure with a fresh reference id and sends the user a short apology carrying
 * the same id. Never throws: a failing apology is logged too, and the process keeps running.
 *
 * @example const replies: Record<string, unknown>[] = [];
 * const ref = await reportFailure(log, new Error('index unavailable'), async (m) => void replies.push({ response_type: 'ephemeral', ...m }));
 * [logs.at(-1)?.ref === ref, JSON.stringify(replies[0]).includes(ref)] // => [true, true]
 * JSON.stringify(replies[0]).includes('index unavailable') // => false
 */
export async function reportFailure(log: Logger, err: unknown, reply: (message: SlackMessage) => Promise<unknown>): Promise<string> {
  const ref = newReference();
  log.error({ err, ref }, 'listener failed');
  try {
    await reply(renderError(ref));
  } catch (replyErr) {
    log.error({ err: replyErr, ref }, 'could not send the apology');
  }
  return ref;
}

/** The Slack Web API error code of an error (`not_in_channel`, …), if it is one. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

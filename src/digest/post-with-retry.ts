import { ErrorCode, type ChatPostMessageArguments, type WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

/**
 * Platform errors Slack names as passing. Every other `ok: false` answer (`channel_not_found`,
 * `not_in_channel`, `is_archived`, `invalid_auth`, `missing_scope`, `invalid_blocks`, …) is permanent.
 */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

export type PostResult = { ok: true; ts: string; attempts: number } | { ok: false; permanent: boolean; error: string; attempts: number };

export interface RetryOptions {
  sleep: (ms: number) => Promise<void>;
  log: Logger;
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number;
  /** First backoff after a 5xx or network error; doubles each time. Default 2 s. */
  baseDelayMs?: number;
  /** Longest wait, also for `Retry-After`. Default 5 minutes. */
  maxDelayMs?: number;
  /**
   * Asked before retrying after an answer that leaves unknown whether Slack took the post (a 5xx,
   * a timeout): the `ts` of the message if it is there after all, so it is not posted twice.
   */
  findPosted?: () => Promise<string | undefined>;
}

/**
 * Posts a message, retrying what may pass: a 429 after its `Retry-After`, a 5xx or a network error
 * with exponential backoff. A permanent error (`channel_not_found`, `not_in_channel`,
 * `is_archived`, …) returns at once. Never throws for a Slack error.
 * Works whether or not the client retries on its own; give it one with `retryConfig: { retries: 0 }`
 * and `rejectRateLimitedCalls: true` so these waits are the only ones.
 *
 * @example (await postWithRetry(client, { channel: 'C1', text: 'hi' }, { sleep, log })).ok // => true
 * slack.on('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
 * await postWithRetry(client, { channel: 'C9', text: 'hi' }, { sleep, log }) // => { ok: false, permanent: true, error: 'channel_not_found', attempts: 1 }
 * slack.off('chat.postMessage');
 */
export async function postWithRetry(client: WebClient, args: ChatPostMessageArguments, options: RetryOptions): Promise<PostResult> {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 2000;
  const maxDelay = options.maxDelayMs ?? 300_000;
  let ambiguous = false;
  for (let attempt = 1; ; attempt++) {
    if (ambiguous && options.findPosted) {
      const ts = await options.findPosted().catch((err: unknown) => {
        options.log.warn({ err, channel: args.channel }, 'could not check whether the earlier attempt landed; sending again');
        return undefined;
      });
      if (ts !== undefined) return { ok: true, ts, attempts: attempt - 1 };
    }
    try {
      const res = await client.chat.postMessage(args);
      return { ok: true, ts: res.ts ?? '', attempts: attempt };
    } catch (err) {
      const failure = classify(err);
      const where = { channel: args.channel, attempt, error: failure.error };
      if (failure.kind === 'permanent') {
        options.log.error(where, 'Slack post refused; not retrying');
        return { ok: false, permanent: true, error: failure.error, attempts: attempt };
      }
      if (attempt >= maxAttempts) {
        options.log.error(where, 'Slack post failed after retries');
        return { ok: false, permanent: false, error: failure.error, attempts: attempt };
      }
      ambiguous = failure.kind === 'ambiguous';
      const delay = Math.min(maxDelay, failure.retryAfterMs ?? base * 2 ** (attempt - 1));
      options.log.warn({ ...where, delayMs: delay }, 'Slack post failed; retrying');
      await options.sleep(delay);
    }
  }
}

type Failure = { kind: 'permanent' | 'rate-limited' | 'ambiguous' | 'transient'; error: string; retryAfterMs?: number };

function classify(err: unknown): Failure {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return { kind: 'rate-limited', error: 'ratelimited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
    case ErrorCode.HTTPError:
      if ((e.statusCode ?? 0) === 429) return { kind: 'rate-limited', error: 'ratelimited', retryAfterMs: 1000 };
      if ((e.statusCode ?? 0) >= 500) return { kind: 'ambiguous', error: `http_${e.statusCode}` };
      return { kind: 'permanent', error: `http_${e.statusCode}` };
    case ErrorCode.RequestError:
      return { kind: 'ambiguous', error: 'request_error' };
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (TRANSIENT_PLATFORM_ERRORS.has(code)) return { kind: 'transient', error: code };
      return { kind: 'permanent', error: code };
    }
    default:
      return { kind: 'ambiguous', error: e.message ?? String(err) };
  }
}

import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import type { Logger } from 'pino';
import { postWithRetry } from '../digest/post-with-retry.js';

/** `event_type` of the message metadata each of Brief's replies carries: its reply key. */
const REPLY_EVENT_TYPE = 'brief_reply';

/** A reply to post once: where, what, and the key that names it (the event or press it answers). */
export interface ReplyArgs {
  channel: string;
  thread_ts?: string;
  text: string;
  blocks: KnownBlock[];
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

/** Posts a reply at most once; resolves with its `ts`. Throws (with the Slack error code in `data.error`) if it could not be posted. */
export type PostReply = (args: ReplyArgs, key: string, log: Logger) => Promise<string>;

interface MarkedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * Finds a reply Brief already posted for `key`: in the thread (`conversations.replies`) or, at a
 * DM's top level, in the recent history. Returns its `ts`, or undefined.
 */
async function findReply(client: WebClient, where: { channel: string; thread_ts?: string }, key: string, since: Date): Promise<string | undefined> {
  const oldest = (Math.floor(since.getTime() / 1000) - 60).toString();
  const res =
    where.thread_ts === undefined
      ? await client.conversations.history({ channel: where.channel, oldest, limit: 100, include_all_metadata: true })
      : await client.conversations.replies({ channel: where.channel, ts: where.thread_ts, oldest, limit: 200, include_all_metadata: true });
  for (const m of (res.messages ?? []) as MarkedMessage[]) {
    if (m.metadata?.event_type === REPLY_EVENT_TYPE && m.metadata.event_payload?.reply === key && m.ts !== undefined) return m.ts;
  }
  return undefined;
}

/**
 * The listener side of "posted exactly once", the digest's idea applied to replies: each reply
 * carries its key in message metadata, the client used makes no retries of its own, and a post whose
 * fate is unknown (a timeout, a 5xx, a dropped connection: Slack may have stored it) is retried only
 * after {@link findReply} says it is not there. A 429 waits its `Retry-After`; a refusal is thrown.
 *
 * @example const post = replyPoster(client, { sleep, now: () => clock.now() }); // a client that never retries on its own
 * await post({ channel: 'C1', thread_ts: '1764320400.000100', text: 'hi', blocks: [section('hi')] }, 'T1:Ev1', log);
 * slack.posted.map((m) => [m.channel, m.thread_ts, m.text]) // => [['C1', '1764320400.000100', 'hi']]
 */
export function replyPoster(client: WebClient, options: { sleep: (ms: number) => Promise<void>; now: () => Date; maxAttempts?: number }): PostReply {
  return async (args, key, log) => {
    const since = options.now();
    const result = await postWithRetry(
      client,
      { ...args, metadata: { event_type: REPLY_EVENT_TYPE, event_payload: { reply: key } } },
      {
        sleep: options.sleep,
        log,
        maxAttempts: options.maxAttempts ?? 3,
        baseDelayMs: 500,
        maxDelayMs: 10_000,
        findPosted: () => findReply(client, args, key, since),
      },
    );
    if (result.ok) return result.ts;
    throw Object.assign(new Error(`reply not posted: ${result.error}`), { data: { error: result.error } });
  };
}

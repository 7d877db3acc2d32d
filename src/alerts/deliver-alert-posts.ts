import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { digestMetadata, findDigestPart, markMessage } from '../digest/marker.js';
import { postWithRetry } from '../digest/post-with-retry.js';
import { MAX_RUN_ATTEMPTS } from '../digest/run-digest.js';
import type { AlertPost, AlertStore } from '../store/alert-store.js';
import type { ChannelPacer } from './channel-pacer.js';

export interface DeliveryDeps {
  alerts: AlertStore;
  client: WebClient;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  pacer: ChannelPacer;
  log: Logger;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Told when a post is given up (the runtime shows it on the App Home). */
  onGivenUp?: (post: AlertPost, error: string) => Promise<void>;
}

/**
 * Sends every alert post still `posting`, oldest first, exactly once: the digest's mechanism. Each
 * post was recorded (with its message) before any attempt; each carries its key as message metadata
 * and as its first block's id; a post tried before (a restart, a 5xx) is first looked for in the
 * channel's history (a reply: in its thread) and only sent if it is not there. A reply waits for its
 * post to land. A permanent Slack error, or {@link MAX_RUN_ATTEMPTS} attempts, ends a post as `failed`.
 *
 * @example const alerts = stores.alerts;
 * await alerts.claimPost({ key: 'alert:1@1', topic: 'alert:1', channel: 'C1', kind: 'post', message: { text: 'Taliban revenue', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '2 new stories' } }] }, startedAt: now }, []);
 * await deliverAlertPosts({ alerts, client, now: () => clock.now(), sleep, pacer: createChannelPacer(clock), log });
 * logs.filter((l) => l.level >= 40).map((l) => l.err?.message ?? l.msg) // => []
 * (await alerts.getPost('alert:1@1'))?.status // => 'posted'
 * (await alerts.unfinishedPosts()).length // => 0
 */
export async function deliverAlertPosts(deps: DeliveryDeps): Promise<void> {
  for (const post of await deps.alerts.unfinishedPosts()) {
    try {
      await deliver(deps, post);
    } catch (err) {
      deps.log.error({ err, post: post.key }, 'alert post could not be delivered; will try again');
    }
  }
}

async function deliver(deps: DeliveryDeps, post: AlertPost): Promise<void> {
  const log = deps.log.child({ post: post.key, channel: post.channel });
  let threadTs: string | undefined;
  if (post.parentKey !== undefined) {
    const parent = await deps.alerts.getPost(post.parentKey);
    if (parent?.status === 'failed' || parent === undefined) return fail(deps, post, 'its alert post was never delivered');
    if (parent.status !== 'posted' || parent.ts === undefined) return;
    threadTs = parent.ts;
  }
  // The digest's markers: a channel post is part 0 (found in the history), a reply part 1 (in its thread).
  const part = threadTs === undefined ? 0 : 1;
  const find = () => findDigestPart(deps.client, post.key, part, { channel: post.channel, oldest: post.startedAt, ...(threadTs === undefined ? {} : { threadTs }) });
  if (post.attempts > 0) {
    try {
      const ts = await find();
      if (ts !== undefined) {
        await deps.alerts.finishPost(post.key, { status: 'posted', ts, at: deps.now() });
        log.warn({ ts }, 'alert post had landed before; recorded it, not posting again');
        return;
      }
    } catch (err) {
      log.warn({ err }, 'could not read the channel history to check for an earlier alert post; posting');
    }
    if (post.attempts >= MAX_RUN_ATTEMPTS) return fail(deps, post, `gave up after ${post.attempts} attempts`);
  }
  await deps.alerts.countAttempt(post.key);
  const message = markMessage(post.message, post.key, part);
  const args = {
    channel: post.channel,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
    metadata: digestMetadata(post.key, part),
    ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
  };
  const result = await deps.pacer.send(post.channel, () => postWithRetry(deps.client, args, { sleep: deps.sleep, log, ...deps.retry, findPosted: find }));
  if (result.ok) {
    await deps.alerts.finishPost(post.key, { status: 'posted', ts: result.ts, at: deps.now() });
    log.info({ ts: result.ts, kind: post.kind }, 'alert posted');
  } else if (result.permanent) {
    await fail(deps, post, result.error);
  }
  // A transient failure leaves the post in `posting`: the next tick checks the history, then tries again.
}

async function fail(deps: DeliveryDeps, post: AlertPost, error: string): Promise<void> {
  await deps.alerts.finishPost(post.key, { status: 'failed', error, at: deps.now() });
  deps.log.error({ post: post.key, channel: post.channel, error }, 'alert post given up');
  await deps.onGivenUp?.(post, error);
}

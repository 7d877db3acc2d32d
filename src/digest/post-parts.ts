import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackMessage } from '../render/limits.js';
import type { DigestPart, DigestRunStore } from '../store/store.js';
import { digestMetadata, findDigestPart, markMessage } from './marker.js';
import { postWithRetry, type RetryOptions } from './post-with-retry.js';

export interface PartsContext {
  runs: DigestRunStore;
  client: WebClient;
  now: () => Date;
  log: Logger;
  retry: Omit<RetryOptions, 'findPosted'>;
  runKey: string;
  channel: string;
  /** When the run first started: part 0 is looked for in the channel's history from then. */
  startedAt: Date;
  /** False once the run has had its attempts: parts are still looked for, no longer sent. */
  maySend: boolean;
}

export type PartsResult =
  | { ok: true; ts: string; sent: number }
  | { ok: false; part: number; error: string; permanent: boolean };

/**
 * Delivers a run's parts in order, each exactly once: a part already `posted` is skipped; a part
 * an earlier attempt may have sent (`sending`) is first looked for by its marker and, if found,
 * only recorded; any other part is recorded as `sending`, sent (a thread reply under part 0's
 * `ts`), and recorded as `posted` with its `ts`. A retry after an ambiguous failure (5xx, network)
 * looks for the part the same way first. Stops at the first part that cannot be delivered.
 *
 * @example const run = { key: 'channel:C1@2026-11-28', target: 'channel:C1', channel: 'C1', slot: '2026-11-28', scheduledAt: now, since: new Date(now.getTime() - 86_400_000), cutoff: now, startedAt: now };
 * await stores.runs.claimRun(run);
 * const parts = await stores.runs.beginPosting(run.key, { status: 'claimed', attempts: 0 }, [{ part: 0, kind: 'headline', message: { text: 'Digest', blocks: [section('Digest')] }, status: 'pending' }]);
 * const result = await postParts({ runs: stores.runs, client, now: () => clock.now(), log, retry: { sleep, log }, runKey: run.key, channel: 'C1', startedAt: now, maySend: true }, parts);
 * [result.ok, result.sent] // => [true, 1]
 * (await stores.runs.runParts(run.key)).map((p) => [p.status, p.ts === result.ts]) // => [['posted', true]]
 */
export async function postParts(ctx: PartsContext, parts: readonly DigestPart[]): Promise<PartsResult> {
  const { runs, runKey, log } = ctx;
  let headTs: string | undefined;
  let sent = 0;
  let headSentNow = false;
  for (const part of parts) {
    if (part.status === 'posted') {
      headTs ??= part.ts;
      continue;
    }
    const threadTs = part.part === 0 ? undefined : headTs;
    const place = { channel: ctx.channel, oldest: ctx.startedAt, ...(threadTs === undefined ? {} : { threadTs }) };
    const find = () => findDigestPart(ctx.client, runKey, part.part, place);
    // A reply cannot be in a thread whose first post was only just sent.
    if (part.status === 'sending' && !(part.part > 0 && headSentNow)) {
      const ts = await find().catch((err: unknown) => {
        log.warn({ err, part: part.part }, 'could not read Slack to check for an earlier digest post; sending');
        return undefined;
      });
      if (ts !== undefined) {
        await runs.markPartPosted(runKey, part.part, { ts, ...(threadTs === undefined ? {} : { threadTs }), at: ctx.now() });
        log.warn({ part: part.part, kind: part.kind, ts }, 'digest part was sent before an interruption; recorded it, not sending again');
        headTs ??= ts;
        continue;
      }
    }
    if (!ctx.maySend) return { ok: false, part: part.part, error: 'gave up after too many interrupted attempts', permanent: true };
    if (part.message === undefined || (part.part > 0 && threadTs === undefined)) {
      return { ok: false, part: part.part, error: 'nothing recorded to send for this part', permanent: true };
    }
    await runs.markPartSending(runKey, part.part);
    const result = await postWithRetry(ctx.client, { ...postArgs(ctx.channel, markMessage(part.message, runKey, part.part)), metadata: digestMetadata(runKey, part.part), ...(threadTs === undefined ? {} : { thread_ts: threadTs }) }, { ...ctx.retry, findPosted: find });
    if (!result.ok) return { ok: false, part: part.part, error: result.error, permanent: result.permanent };
    await runs.markPartPosted(runKey, part.part, { ts: result.ts, ...(threadTs === undefined ? {} : { threadTs }), at: ctx.now() });
    log.info({ part: part.part, kind: part.kind, ts: result.ts }, 'digest part posted');
    headTs ??= result.ts;
    headSentNow ||= part.part === 0;
    sent += 1;
  }
  return { ok: true, ts: headTs ?? '', sent };
}

function postArgs(channel: string, message: SlackMessage) {
  return { channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false };
}

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { renderDigest, type DigestMessages } from '../render/digest-message.js';
import type { SlackMessage } from '../render/limits.js';
import type { DigestRun, Store } from '../store/store.js';
import { digestMetadata, findDigestPost, markerBlockId } from './marker.js';
import { pickDigest, type ArticleLookup, type Digest } from './pick-digest.js';
import { postWithRetry } from './post-with-retry.js';
import { localDate, longLocalDate, type DigestSchedule } from './schedule.js';

/** Something that gets a digest: a channel (the daily digest) or a subscription (a query's digest). */
export interface DigestTarget {
  /** `channel:C123` or `sub:7`; with the local date it makes the run key. */
  key: string;
  channel: string;
  query?: string;
  schedule: DigestSchedule;
}

export interface DigestDeps {
  store: Store;
  /** Finds the new articles by id (`indexLookup(index)` for the in-process index). */
  articles: ArticleLookup;
  client: WebClient;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  log: Logger;
  /** Post "nothing new" rather than nothing. Default false. */
  postWhenEmpty?: boolean;
  /** A target's first digest covers this many hours. Default 24. */
  firstWindowHours?: number;
  /** Retry timing (tests shorten it). */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

export type RunOutcome =
  | { status: 'posted'; ts: string; runKey: string }
  | { status: 'recovered'; ts: string; runKey: string }
  | { status: 'empty'; runKey: string }
  | { status: 'skipped'; runKey: string; previous: DigestRun['status'] }
  | { status: 'failed'; runKey: string; error: string; permanent: boolean; retry?: boolean };

/** After this many attempts at one run (crash loops), the run is given up. */
export const MAX_RUN_ATTEMPTS = 3;

/**
 * The run key of a target on the local day of `scheduledAt`: one digest per target per day.
 *
 * @example runKey(target, new Date('2026-03-30T07:00:00Z')) // 'channel:C1@2026-03-30'
 */
export function runKey(target: DigestTarget, scheduledAt: Date): string {
  return `${target.key}@${localDate(scheduledAt, target.schedule.timeZone)}`;
}

/**
 * Runs one scheduled digest exactly once:
 * 1. claim the run (`<target>@<local date>`); a run already posted, empty or failed is skipped;
 * 2. pick the articles that arrived since the target's last completed run, up to the claim time;
 * 3. record `posting` (a compare-and-set: if another process got there first, stop), post the headline (carrying the run key as metadata and as its first
 *    block's id), record `posted` and the post, then the thread reply;
 * 4. a run found in `posting` (a crash between Slack taking the post and the store recording it, or
 *    a transient failure) is first looked for in the channel's history, and only posted if it is not
 *    there; `retry: true` in the outcome asks the scheduler to try again later.
 *
 * @example await runDigest(deps, { key: 'channel:C1', channel: 'C1', schedule }, scheduledAt)
 */
export async function runDigest(deps: DigestDeps, target: DigestTarget, scheduledAt: Date): Promise<RunOutcome> {
  const key = runKey(target, scheduledAt);
  const log = deps.log.child({ run: key, channel: target.channel });
  const now = deps.now();
  const previous = await deps.store.lastCompletedRun(target.key);
  const since = previous?.cutoff ?? new Date(now.getTime() - (deps.firstWindowHours ?? 24) * 3_600_000);
  const { run } = await deps.store.claimRun({ key, target: target.key, channel: target.channel, slot: localDate(scheduledAt, target.schedule.timeZone), scheduledAt, since, cutoff: now, startedAt: now });

  if (run.status === 'posted' || run.status === 'empty' || run.status === 'failed') {
    log.debug({ status: run.status }, 'digest already done for this day');
    return { status: 'skipped', runKey: key, previous: run.status };
  }
  if (run.status === 'posting') {
    // The last attempt crashed while posting: Slack may have the post and the store not know it.
    try {
      const ts = await findDigestPost(deps.client, target.channel, key, run.startedAt);
      if (ts !== undefined) {
        await deps.store.updateRun(key, { status: 'posted', ts, finishedAt: deps.now() });
        await deps.store.recordPost({ runKey: key, channel: target.channel, ts, kind: 'headline', postedAt: deps.now() });
        log.warn({ ts }, 'digest was posted before a crash; recorded it, not posting again');
        return { status: 'recovered', ts, runKey: key };
      }
    } catch (err) {
      log.warn({ err }, 'could not read the channel history to check for an earlier digest post; posting');
    }
    if (run.attempts >= MAX_RUN_ATTEMPTS) {
      const error = `gave up after ${run.attempts} interrupted attempts`;
      await deps.store.updateRun(key, { status: 'failed', error, finishedAt: deps.now() });
      return { status: 'failed', runKey: key, error, permanent: true };
    }
  }

  const digest = await selectDigest(deps, target, run.since, run.cutoff, run.cutoff);
  if (digest.items.length === 0 && !deps.postWhenEmpty) {
    await deps.store.updateRun(key, { status: 'empty', finishedAt: deps.now() });
    log.info('nothing new; no digest posted');
    return { status: 'empty', runKey: key };
  }
  const messages = renderDigest(digest, { dateLine: longLocalDate(scheduledAt, target.schedule.timeZone), blockId: markerBlockId(key) });
  if (!(await deps.store.beginPosting(key, { status: run.status, attempts: run.attempts }))) {
    const current = await deps.store.getRun(key);
    log.info({ status: current?.status }, 'another process took this run; not posting');
    return { status: 'skipped', runKey: key, previous: current?.status ?? run.status };
  }

  const retry = { sleep: deps.sleep, log, ...deps.retry };
  const headline = await postWithRetry(deps.client, postArgs(target.channel, messages.headline, key), {
    ...retry,
    findPosted: () => findDigestPost(deps.client, target.channel, key, run.startedAt),
  });
  if (!headline.ok) {
    // A transient failure (Slack down, 5xx after every retry) leaves the run in `posting`, so a later
    // attempt the same day (the scheduler's retry, or a restart's catch-up) first looks for the post in
    // the history, then posts; after MAX_RUN_ATTEMPTS it is given up. A permanent error ends the day.
    const giveUp = headline.permanent || run.attempts + 1 >= MAX_RUN_ATTEMPTS;
    await deps.store.updateRun(key, { status: giveUp ? 'failed' : 'posting', error: headline.error, ...(giveUp ? { finishedAt: deps.now() } : {}) });
    await deps.store.setNotice({ key: `digest:${target.channel}`, kind: 'digest', at: deps.now(), message: noticeFor(target, headline.error) });
    return { status: 'failed', runKey: key, error: headline.error, permanent: headline.permanent, retry: !giveUp };
  }
  await deps.store.updateRun(key, { status: 'posted', ts: headline.ts, finishedAt: deps.now() });
  await deps.store.recordPost({ runKey: key, channel: target.channel, ts: headline.ts, kind: messages.thread ? 'headline' : 'compact', postedAt: deps.now() });
  await deps.store.clearNotice(`digest:${target.channel}`);
  log.info({ ts: headline.ts, stories: digest.totalStories, articles: digest.totalArticles }, 'digest posted');

  if (messages.thread) {
    const reply = await postWithRetry(deps.client, { ...postArgs(target.channel, messages.thread), thread_ts: headline.ts }, retry);
    if (reply.ok) await deps.store.recordPost({ runKey: key, channel: target.channel, ts: reply.ts, threadTs: headline.ts, kind: 'thread', postedAt: deps.now() });
    else log.error({ error: reply.error }, 'digest thread reply failed; the headline stands');
  }
  return { status: 'posted', ts: headline.ts, runKey: key };
}

/**
 * The digest a target would get now (from its last completed run to now): `/brief digest` and
 * `npm run digest -- --dry-run`. Records nothing.
 *
 * @example const { digest, messages } = await previewDigest(deps, target)
 */
export async function previewDigest(deps: Pick<DigestDeps, 'store' | 'articles' | 'now' | 'firstWindowHours'>, target: DigestTarget): Promise<{ digest: Digest; messages: DigestMessages }> {
  const now = deps.now();
  const previous = await deps.store.lastCompletedRun(target.key);
  const since = previous?.cutoff ?? new Date(now.getTime() - (deps.firstWindowHours ?? 24) * 3_600_000);
  const digest = await selectDigest(deps, target, since, now, now);
  return { digest, messages: renderDigest(digest, { dateLine: longLocalDate(now, target.schedule.timeZone), preview: true }) };
}

async function selectDigest(deps: Pick<DigestDeps, 'store' | 'articles'>, target: DigestTarget, since: Date, cutoff: Date, now: Date): Promise<Digest> {
  const ids = await deps.store.arrivedBetween(since, cutoff);
  return pickDigest(await deps.articles(ids), { now, ...(target.query === undefined ? {} : { query: target.query }) });
}

function postArgs(channel: string, message: SlackMessage, key?: string) {
  return {
    channel,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
    ...(key === undefined ? {} : { metadata: digestMetadata(key) }),
  };
}

function noticeFor(target: DigestTarget, error: string): string {
  const what = target.query === undefined ? 'The daily digest' : `The digest of “${target.query}”`;
  const hint: Record<string, string> = {
    channel_not_found: 'the channel does not exist or Brief cannot see it',
    not_in_channel: 'invite Brief to the channel (/invite @Brief)',
    is_archived: 'the channel is archived',
  };
  return `${what} could not be posted to channel ${target.channel}: ${error}${hint[error] ? ` (${hint[error]})` : ''}.`;
}

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { renderDigest, type DigestMessages } from '../render/digest-message.js';
import type { ArrivalStore, DigestRun, DigestRunStore, NewDigestPart, NoticeStore } from '../store/store.js';
import type { ArticleLookup, Digest } from './digest.js';
import { demoteStories, pickDigest } from './pick-digest.js';
import { postParts } from './post-parts.js';
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
  runs: DigestRunStore;
  /** Which articles arrived in the run's window. */
  arrivals: ArrivalStore;
  /** A failed digest is shown on the App Home. */
  notices: NoticeStore;
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
  /** Ids of articles a channel's users marked unhelpful: a subscription digest lists their stories last. */
  demoted?: (channel: string) => Promise<readonly string[]>;
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
 */
function runKey(target: DigestTarget, scheduledAt: Date): string {
  return `${target.key}@${localDate(scheduledAt, target.schedule.timeZone)}`;
}

/**
 * Runs one scheduled digest exactly once, every message of it (the headline and its thread reply):
 * 1. claim the run (`<target>@<local date>`); a run already posted, empty or failed is skipped;
 * 2. pick the articles that arrived since the target's last completed run, up to the claim time,
 *    and render them into parts (one compact post, or a headline and a thread reply);
 * 3. `beginPosting` (a compare-and-set: if another process got there first, stop) records the parts
 *    before anything is sent; a later attempt keeps them, so it sends the same messages;
 * 4. {@link postParts} delivers each part once, each carrying the run key (and its part number) as
 *    metadata and as its first block's id, so an interrupted send is found again in Slack
 *    (`conversations.history` for the headline, `conversations.replies` for the thread) before
 *    it is sent again;
 * 5. the run becomes `posted` only when every part is (the store refuses it otherwise). A run left
 *    in `posting` (a crash, a transient failure) is finished by the next attempt; `retry: true` in
 *    the outcome asks the scheduler to try again later.
 *
 * @example await stores.arrivals.recordArrivals(articles.map((a) => a.id), new Date(now.getTime() - 3_600_000));
 * const deps = { ...stores, articles: lookup, client, now: () => clock.now(), sleep, log };
 * const schedule = { time: { hour: 9, minute: 0 }, timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6] };
 * const outcome = await runDigest(deps, { key: 'channel:C1', channel: 'C1', schedule }, now);
 * [outcome.status, outcome.runKey] // => ['posted', 'channel:C1@2026-11-28']
 * (await runDigest(deps, { key: 'channel:C1', channel: 'C1', schedule }, now)).status // => 'skipped'
 * slack.posted.filter((m) => m.channel === 'C1' && m.thread_ts === undefined).length // => 1
 */
export async function runDigest(deps: DigestDeps, target: DigestTarget, scheduledAt: Date): Promise<RunOutcome> {
  const key = runKey(target, scheduledAt);
  const log = deps.log.child({ run: key, channel: target.channel });
  const now = deps.now();
  const previous = await deps.runs.lastCompletedRun(target.key);
  const since = previous?.cutoff ?? new Date(now.getTime() - (deps.firstWindowHours ?? 24) * 3_600_000);
  const { run } = await deps.runs.claimRun({ key, target: target.key, channel: target.channel, slot: localDate(scheduledAt, target.schedule.timeZone), scheduledAt, since, cutoff: now, startedAt: now });

  if (run.status === 'posted' || run.status === 'empty' || run.status === 'failed') {
    log.debug({ status: run.status }, 'digest already done for this day');
    return { status: 'skipped', runKey: key, previous: run.status };
  }
  let plan: NewDigestPart[] = [];
  if ((await deps.runs.runParts(key)).length === 0) {
    const digest = await selectDigest(deps, target, run.since, run.cutoff, run.cutoff);
    if (digest.items.length === 0 && !deps.postWhenEmpty) {
      await deps.runs.finishEmpty(key, deps.now());
      log.info('nothing new; no digest posted');
      return { status: 'empty', runKey: key };
    }
    // A run already `posting` with no parts was started by a version that did not record them: its
    // headline may be in Slack, so it is looked for first.
    plan = planParts(renderDigest(digest, { dateLine: longLocalDate(scheduledAt, target.schedule.timeZone), feedbackOrigin: target.key }), run.status === 'posting');
  }
  const parts = await deps.runs.beginPosting(key, { status: run.status, attempts: run.attempts }, plan);
  if (parts === undefined) {
    const current = await deps.runs.getRun(key);
    log.info({ status: current?.status }, 'another process took this run; not posting');
    return { status: 'skipped', runKey: key, previous: current?.status ?? run.status };
  }

  const retry = { sleep: deps.sleep, log, ...deps.retry };
  const maySend = run.attempts < MAX_RUN_ATTEMPTS;
  const result = await postParts({ runs: deps.runs, client: deps.client, now: deps.now, log, retry, runKey: key, channel: target.channel, startedAt: run.startedAt, maySend }, parts);
  if (!result.ok) {
    // A transient failure (Slack down, 5xx after every retry) leaves the run in `posting`, so a later
    // attempt the same day (the scheduler's retry, or a restart's catch-up) first looks for the part
    // in Slack, then sends it; after MAX_RUN_ATTEMPTS it is given up. A permanent error ends the day.
    const error = maySend ? result.error : `gave up after ${run.attempts} interrupted attempts`;
    const giveUp = result.permanent || run.attempts + 1 >= MAX_RUN_ATTEMPTS;
    if (giveUp) await deps.runs.failRun(key, error, deps.now());
    else await deps.runs.noteRunError(key, error);
    await deps.notices.setNotice({ key: `digest:${target.channel}`, kind: 'digest', at: deps.now(), message: noticeFor(target, error, result.part) });
    return { status: 'failed', runKey: key, error, permanent: result.permanent, retry: !giveUp };
  }
  if (!(await deps.runs.completeRun(key, deps.now()))) throw new Error(`digest run ${key} could not be completed: a part is not recorded as posted`);
  await deps.notices.clearNotice(`digest:${target.channel}`);
  log.info({ ts: result.ts, parts: parts.length, sent: result.sent }, result.sent > 0 ? 'digest posted' : 'digest had been posted before an interruption; recorded it');
  return { status: result.sent > 0 ? 'posted' : 'recovered', ts: result.ts, runKey: key };
}

/** A digest's messages as the parts of a run: part 0 in the channel, then the thread reply. */
function planParts(messages: DigestMessages, maybeSent: boolean): NewDigestPart[] {
  const parts: NewDigestPart[] = [{ part: 0, kind: messages.thread ? 'headline' : 'compact', message: messages.headline, status: maybeSent ? 'sending' : 'pending' }];
  if (messages.thread) parts.push({ part: 1, kind: 'thread', message: messages.thread, status: 'pending' });
  return parts;
}

/**
 * The digest a target would get now (from its last completed run to now): `/brief digest` and
 * `npm run digest -- --dry-run`. Records nothing.
 *
 * @example await stores.arrivals.recordArrivals(articles.map((a) => a.id), new Date(now.getTime() - 3_600_000));
 * const deps = { ...stores, articles: lookup, now: () => clock.now() };
 * const target = channelTargets({ channels: ['C1'], time: { hour: 9, minute: 0 }, timeZone: 'UTC', days: [1] })[0];
 * const { digest, messages } = await previewDigest(deps, target);
 * digest.items.length > 0 // => true
 * [messages.headline.blocks.length > 0, await stores.runs.recentRuns(5)] // => [true, []]
 */
export async function previewDigest(deps: Pick<DigestDeps, 'runs' | 'arrivals' | 'articles' | 'now' | 'firstWindowHours'>, target: DigestTarget): Promise<{ digest: Digest; messages: DigestMessages }> {
  const now = deps.now();
  const previous = await deps.runs.lastCompletedRun(target.key);
  const since = previous?.cutoff ?? new Date(now.getTime() - (deps.firstWindowHours ?? 24) * 3_600_000);
  const digest = await selectDigest(deps, target, since, now, now);
  return { digest, messages: renderDigest(digest, { dateLine: longLocalDate(now, target.schedule.timeZone), preview: true }) };
}

async function selectDigest(deps: Pick<DigestDeps, 'arrivals' | 'articles' | 'demoted'>, target: DigestTarget, since: Date, cutoff: Date, now: Date): Promise<Digest> {
  const ids = await deps.arrivals.arrivedBetween(since, cutoff);
  const digest = pickDigest(await deps.articles(ids), { now, ...(target.query === undefined ? {} : { query: target.query }) });
  if (target.query === undefined || deps.demoted === undefined) return digest;
  const demoted = await deps.articles(await deps.demoted(target.channel));
  return { ...digest, items: demoteStories(digest.items, demoted) };
}

function noticeFor(target: DigestTarget, error: string, part: number): string {
  const digest = target.query === undefined ? 'the daily digest' : `the digest of “${target.query}”`;
  const what = part === 0 ? digest.charAt(0).toUpperCase() + digest.slice(1) : `The full list (thread reply) of ${digest}`;
  const hint = ERROR_HINTS.get(error);
  return `${what} could not be posted to channel ${target.channel}: ${error}${hint ? ` (${hint})` : ''}.`;
}

/** What to do about Slack's error codes (a `Map`: the code comes from Slack, never an object key). */
const ERROR_HINTS = new Map([
  ['channel_not_found', 'the channel does not exist or Brief cannot see it'],
  ['not_in_channel', 'invite Brief to the channel (/invite @Brief)'],
  ['is_archived', 'the channel is archived'],
]);

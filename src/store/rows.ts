import type { SlackMessage } from '../render/limits.js';
import type { DigestPart, DigestRun, Feed, FeedState, FeedSummary, Notice, Subscription } from './store.js';

/** A database row as a driver returns it: snake_case columns, instants as ISO text (SQLite) or `Date` (PostgreSQL). */
export type Row = Record<string, unknown>;

/**
 * An instant column as a `Date`, or undefined when it is null.
 *
 * @example instantOf('2026-03-01T00:00:00.000Z')?.getTime() // => 1772323200000
 */
export function instantOf(v: unknown): Date | undefined {
  if (v instanceof Date) return v;
  return typeof v === 'string' ? new Date(v) : undefined;
}

const at = (v: unknown): Date => instantOf(v) ?? new Date(Number.NaN);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The nullable columns of a row that hold a value, under their field names (`field: 'column'`):
 * `texts` as strings (an empty one left out too), `instants` as `Date`s. The caller names the fields
 * of its own type, so the result is cast to that type's optional part.
 */
function optionalColumns<T>(row: Row, texts: Record<string, string>, instants: Record<string, string> = {}): Partial<T> {
  const found: Record<string, string | Date> = {};
  for (const [field, column] of Object.entries(texts)) {
    const value = text(row[column]);
    if (value) found[field] = value;
  }
  for (const [field, column] of Object.entries(instants)) {
    const value = instantOf(row[column]);
    if (value) found[field] = value;
  }
  return found as Partial<T>;
}

/**
 * A `digest_runs` row as a {@link DigestRun}.
 *
 * @example const row = { key: 'channel:C1@2026-03-30', target: 'channel:C1', channel: 'C1', slot: '2026-03-30', scheduled_at: '2026-03-30T07:00:00.000Z', since: '2026-03-29T07:00:00.000Z', cutoff: '2026-03-30T07:00:00.000Z', started_at: '2026-03-30T07:00:01.000Z', status: 'posted', attempts: 1, ts: '1711782000.000100', error: null, finished_at: null };
 * toRun(row).status // => 'posted'
 * toRun(row).scheduledAt.toISOString() // => '2026-03-30T07:00:00.000Z'
 * 'error' in toRun(row) // => false
 */
export function toRun(row: Row): DigestRun {
  return {
    key: row.key as string,
    target: row.target as string,
    channel: row.channel as string,
    slot: row.slot as string,
    scheduledAt: at(row.scheduled_at),
    since: at(row.since),
    cutoff: at(row.cutoff),
    startedAt: at(row.started_at),
    status: row.status as DigestRun['status'],
    attempts: Number(row.attempts),
    ...optionalColumns<DigestRun>(row, { ts: 'ts', error: 'error' }, { finishedAt: 'finished_at' }),
  };
}

/**
 * A `feed_state` row as a {@link FeedState}; null columns are left out.
 *
 * @example toFeedState({ url: 'http://f/rss', failures: '0', etag: null, last_ok_at: null }) // => { url: 'http://f/rss', failures: 0 }
 */
export function toFeedState(row: Row): FeedState {
  return {
    url: row.url as string,
    failures: Number(row.failures),
    ...optionalColumns<FeedState>(row, { etag: 'etag', lastModified: 'last_modified', lastError: 'last_error' }, { nextAttemptAt: 'next_attempt_at', lastPolledAt: 'last_polled_at', lastOkAt: 'last_ok_at' }),
  };
}

/**
 * A `subscriptions` row as a {@link Subscription}.
 *
 * @example toSubscription({ id: '7', channel: 'C1', query: 'taliban', time: '07:30', created_by: 'U1', created_at: '2026-03-01T00:00:00.000Z' }) // => { id: 7, channel: 'C1', query: 'taliban', time: '07:30', createdBy: 'U1', createdAt: new Date('2026-03-01T00:00:00.000Z') }
 */
export function toSubscription(row: Row): Subscription {
  return { id: Number(row.id), channel: row.channel as string, query: row.query as string, time: row.time as string, createdBy: row.created_by as string, createdAt: at(row.created_at) };
}

/**
 * A `digest_parts` row as a {@link DigestPart}; the message is JSON text (SQLite) or already parsed (PostgreSQL `jsonb`).
 *
 * @example toPart({ part: 0, kind: 'headline', status: 'pending', message: '{"text":"x"}' }).message // => { text: 'x' }
 * toPart({ part: 0, kind: 'headline', status: 'pending', message: { text: 'x' } }).message // => { text: 'x' }
 */
export function toPart(row: Row): DigestPart {
  const part: DigestPart = { part: Number(row.part), kind: row.kind as DigestPart['kind'], status: row.status as DigestPart['status'] };
  if (typeof row.message === 'string') part.message = JSON.parse(row.message) as SlackMessage;
  else if (row.message !== null && typeof row.message === 'object') part.message = row.message as SlackMessage;
  return { ...part, ...optionalColumns<DigestPart>(row, { ts: 'ts', threadTs: 'thread_ts' }, { postedAt: 'posted_at' }) };
}

/**
 * A `notices` row as a {@link Notice}.
 *
 * @example toNotice({ key: 'feed:https://x.org/rss', kind: 'feed', message: 'The feed answered 404.', at: '2026-03-01T00:00:00.000Z' }).kind // => 'feed'
 */
export function toNotice(row: Row): Notice {
  return { key: row.key as string, kind: row.kind as Notice['kind'], message: row.message as string, at: at(row.at) };
}

/**
 * A `feeds` row as a {@link Feed}.
 *
 * @example toFeed({ id: 1, url: 'https://x.org/rss', name: null, added_by: 'FEEDS', added_at: '2026-03-01T00:00:00.000Z' }).addedBy // => 'FEEDS'
 */
export function toFeed(row: Row): Feed {
  return { id: Number(row.id), url: row.url as string, addedBy: row.added_by as string, addedAt: at(row.added_at), ...optionalColumns<Feed>(row, { name: 'name' }) };
}

/**
 * A `feeds` row joined with its item count and last poll (`items`, `failures`, `last_ok_at`, `last_error`) as a {@link FeedSummary}.
 *
 * @example const feedRow = { id: 1, url: 'https://x.org/rss', name: null, added_by: 'U1', added_at: '2026-03-01T00:00:00.000Z' };
 * toFeedSummary({ ...feedRow, items: '3', failures: 0, last_ok_at: null, last_error: null }).items // => 3
 */
export function toFeedSummary(row: Row): FeedSummary {
  return { ...toFeed(row), items: Number(row.items), failures: Number(row.failures), ...optionalColumns<FeedSummary>(row, { lastError: 'last_error' }, { lastOkAt: 'last_ok_at' }) };
}

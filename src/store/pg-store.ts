import pg from 'pg';
import { migratePostgres, newPool } from './pg-migrate.js';
import { pgDigestRuns } from './pg-digest-runs.js';
import { pgFeeds } from './pg-feeds.js';
import { instantOf, toFeedState, toNotice, toSubscription, type Row } from './rows.js';
import { DEFAULT_TEAM_ID, StoreError, type Store, type StoreScope } from './store.js';

/** How a PostgreSQL store is opened. */
export interface PostgresStoreOptions extends Partial<StoreScope> {
  /** Connections in the pool. Default 10. */
  maxConnections?: number;
  /** Told of an error on an idle pooled connection (the server restarted, say); the pool replaces it. */
  onIdleError?: (err: Error) => void;
}

/**
 * Connects to PostgreSQL at `url` (`postgres://…`), migrates the schema (safe when replicas start
 * at once) and returns the {@link Store} over a pool of connections for one workspace.
 *
 * @example const store = await openPostgresStore('postgres://brief@db/brief', { teamId: 'T0123' });
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  // A connection that cannot be made in 5 s fails the query, rather than waiting on the OS's TCP timeout.
  const pool = newPool({ connectionString: url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 5000 }, (err) => options.onIdleError?.(err));
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    if (err instanceof StoreError) throw err;
    throw new StoreError('STORE_OPEN_FAILED', `Could not open the PostgreSQL database (DATABASE_URL): ${(err as Error).message}`);
  }
  return postgresStore(pool, { teamId: options.teamId ?? DEFAULT_TEAM_ID }, () => pool.end());
}

/**
 * The {@link Store} over a pool whose database is migrated, for one workspace. `close` is called
 * by the store's own `close()` (ending the pool it owns).
 *
 * @example const store = postgresStore(pool, { teamId: 'T0123' }, () => pool.end());
 */
export function postgresStore(pool: pg.Pool, scope: StoreScope, close: () => Promise<void>): Store {
  const team = scope.teamId;
  const rows = async (sql: string, params: unknown[]): Promise<Row[]> => (await pool.query(sql, params)).rows as Row[];
  const count = async (sql: string, params: unknown[]): Promise<number> => (await pool.query(sql, params)).rowCount ?? 0;
  let closed: Promise<void> | undefined;

  return {
    ...pgDigestRuns(pool, scope),
    async addSubscription(sub) {
      const sql = 'INSERT INTO subscriptions (team_id, channel, query, time, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id';
      const [row] = await rows(sql, [team, sub.channel, sub.query, sub.time, sub.createdBy, sub.createdAt]);
      return { ...sub, id: Number(row!.id) };
    },
    async removeSubscription(id, channel) {
      return (await count('DELETE FROM subscriptions WHERE team_id = $1 AND id = $2 AND channel = $3', [team, id, channel])) === 1;
    },
    async listSubscriptions(channel) {
      const all = channel === undefined;
      const sql = `SELECT * FROM subscriptions WHERE team_id = $1${all ? '' : ' AND channel = $2'} ORDER BY id`;
      return (await rows(sql, all ? [team] : [team, channel])).map(toSubscription);
    },
    async getFeedState(url) {
      const [row] = await rows('SELECT * FROM feed_state WHERE url = $1', [url]);
      return row === undefined ? undefined : toFeedState(row);
    },
    async saveFeedState(s) {
      await pool.query(
        `INSERT INTO feed_state (url, etag, last_modified, failures, next_attempt_at, last_error, last_polled_at, last_ok_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
           next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error, last_polled_at = excluded.last_polled_at,
           last_ok_at = excluded.last_ok_at`,
        [s.url, s.etag ?? null, s.lastModified ?? null, s.failures, s.nextAttemptAt ?? null, s.lastError ?? null, s.lastPolledAt ?? null, s.lastOkAt ?? null],
      );
    },
    async claimFeedItem(item) {
      const sql = 'INSERT INTO feed_items (feed_url, guid_key, link_key, article_id, file, seen_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING';
      return (await count(sql, [item.feedUrl, item.guidKey ?? null, item.linkKey ?? null, item.articleId, item.file, item.seenAt])) === 1;
    },
    async releaseFeedItem(keys) {
      await pool.query('DELETE FROM feed_items WHERE guid_key = $1 OR link_key = $2', [keys.guidKey ?? null, keys.linkKey ?? null]);
    },
    async recordArrivals(ids, at) {
      if (ids.length === 0) return 0;
      const sql = 'INSERT INTO arrivals (article_id, arrived_at) SELECT DISTINCT unnest($1::text[]), $2::timestamptz ON CONFLICT DO NOTHING';
      return count(sql, [ids, at]);
    },
    async arrivedBetween(after, upTo) {
      const sql = 'SELECT article_id FROM arrivals WHERE arrived_at > $1 AND arrived_at <= $2 ORDER BY arrived_at, article_id';
      return (await rows(sql, [after, upTo])).map((r) => r.article_id as string);
    },
    async arrivalOf(id) {
      const [row] = await rows('SELECT arrived_at FROM arrivals WHERE article_id = $1', [id]);
      return instantOf(row?.arrived_at);
    },
    async setNotice(n) {
      const sql = `INSERT INTO notices (team_id, key, kind, message, at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (team_id, key) DO UPDATE SET kind = excluded.kind, message = excluded.message, at = excluded.at`;
      await pool.query(sql, [team, n.key, n.kind, n.message, n.at]);
    },
    async clearNotice(key) {
      await pool.query('DELETE FROM notices WHERE team_id = $1 AND key = $2', [team, key]);
    },
    async listNotices() {
      return (await rows('SELECT * FROM notices WHERE team_id = $1 ORDER BY at DESC', [team])).map(toNotice);
    },
    ...pgFeeds(pool),
    async close() {
      closed ??= close();
      return closed;
    },
  };
}

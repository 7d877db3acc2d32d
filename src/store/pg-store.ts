import type pg from 'pg';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import { memoryConversationStore } from '../slack/conversation-store.js';
import { withFallback } from './fallback-conversation-store.js';
import { pgAlertStore } from './pg-alert-store.js';
import { pgConversationStore } from './pg-conversation-store.js';
import { pgDigestRuns } from './pg-digest-runs.js';
import { pgFeeds } from './pg-feeds.js';
import { migratePostgres, newPool } from './pg-migrate.js';
import { instantOf, toNotice, toSubscription, type Row } from './rows.js';
import { DEFAULT_TEAM_ID, StoreError, type ArrivalStore, type NoticeStore, type Stores, type StoreScope, type SubscriptionStore } from './store.js';

/** How PostgreSQL stores are opened. */
export interface PostgresStoreOptions extends Partial<StoreScope> {
  /** Connections in the main pool (every port but the Slack side's memory). Default 10. */
  maxConnections?: number;
  /** Told of an error on an idle pooled connection (the server restarted, say); the pool replaces it. */
  onIdleError?: (err: Error) => void;
  /** The clock the Slack side's memory expires by. Default the system clock. */
  clock?: Clock;
  /** Told when the shared conversation memory fails and this replica falls back on its own. */
  log?: Pick<Logger, 'warn'>;
}

/**
 * Connects to PostgreSQL at `url` (`postgres://…`), migrates the schema (safe when replicas start
 * at once) and returns every port for one workspace. The Slack side's memory has a small pool of
 * its own with short timeouts, and falls back on this replica's memory while the database is away
 * (a brief waits on it); every other port shares the main pool.
 *
 * @example const stores = await openPostgresStore(databaseUrl, { teamId: 'T0pgstore' });
 * await stores.subscriptions.listSubscriptions() // => []
 * await stores.close();
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Stores> {
  const onIdleError = (err: Error) => options.onIdleError?.(err);
  // A connection that cannot be made in 5 s fails the query, rather than waiting on the OS's TCP timeout.
  const pool = newPool({ connectionString: url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 5000 }, onIdleError);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    if (err instanceof StoreError) throw err;
    throw new StoreError('STORE_OPEN_FAILED', `Could not open the PostgreSQL database (DATABASE_URL): ${(err as Error).message}`);
  }
  const memoryPool = newPool({ connectionString: url, max: 4, connectionTimeoutMillis: 2000, query_timeout: 2000 }, onIdleError);
  const scope = { teamId: options.teamId ?? DEFAULT_TEAM_ID };
  const clock = options.clock ?? systemClock;
  let closed: Promise<void> | undefined;
  return {
    runs: pgDigestRuns(pool, scope),
    subscriptions: pgSubscriptions(pool, scope),
    feeds: pgFeeds(pool),
    arrivals: pgArrivals(pool),
    notices: pgNotices(pool, scope),
    conversations: withFallback(pgConversationStore(memoryPool, clock), memoryConversationStore(clock), options.log ?? { warn: () => undefined }),
    alerts: pgAlertStore(pool, scope),
    async close() {
      closed ??= Promise.all([pool.end(), memoryPool.end()]).then(() => undefined);
      return closed;
    },
  };
}

type Query = (sql: string, params: unknown[]) => Promise<pg.QueryResult>;

function pgSubscriptions(pool: pg.Pool, { teamId: team }: StoreScope): SubscriptionStore {
  const query: Query = (sql, params) => pool.query(sql, [team, ...params]);
  return {
    async addSubscription(sub) {
      const sql = 'INSERT INTO subscriptions (team_id, channel, query, time, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id';
      const { rows } = await query(sql, [sub.channel, sub.query, sub.time, sub.createdBy, sub.createdAt]);
      return { ...sub, id: Number((rows[0] as Row).id) };
    },
    async removeSubscription(id, channel) {
      return (await query('DELETE FROM subscriptions WHERE team_id = $1 AND id = $2 AND channel = $3', [id, channel])).rowCount === 1;
    },
    async listSubscriptions(channel) {
      const all = channel === undefined;
      const { rows } = await query(`SELECT * FROM subscriptions WHERE team_id = $1${all ? '' : ' AND channel = $2'} ORDER BY id`, all ? [] : [channel]);
      return (rows as Row[]).map(toSubscription);
    },
  };
}

function pgArrivals(pool: pg.Pool): ArrivalStore {
  return {
    async recordArrivals(ids, at) {
      if (ids.length === 0) return 0;
      const sql = 'INSERT INTO arrivals (article_id, arrived_at) SELECT DISTINCT unnest($1::text[]), $2::timestamptz ON CONFLICT DO NOTHING';
      return (await pool.query(sql, [ids, at])).rowCount ?? 0;
    },
    async arrivedBetween(after, upTo) {
      const sql = 'SELECT article_id FROM arrivals WHERE arrived_at > $1 AND arrived_at <= $2 ORDER BY arrived_at, article_id';
      return ((await pool.query(sql, [after, upTo])).rows as Row[]).map((r) => r.article_id as string);
    },
    async arrivalOf(id) {
      const { rows } = await pool.query('SELECT arrived_at FROM arrivals WHERE article_id = $1', [id]);
      return instantOf((rows[0] as Row | undefined)?.arrived_at);
    },
  };
}

function pgNotices(pool: pg.Pool, { teamId: team }: StoreScope): NoticeStore {
  const query: Query = (sql, params) => pool.query(sql, [team, ...params]);
  return {
    async setNotice(n) {
      const sql = `INSERT INTO notices (team_id, key, kind, message, at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (team_id, key) DO UPDATE SET kind = excluded.kind, message = excluded.message, at = excluded.at`;
      await query(sql, [n.key, n.kind, n.message, n.at]);
    },
    async clearNotice(key) {
      await query('DELETE FROM notices WHERE team_id = $1 AND key = $2', [key]);
    },
    async listNotices() {
      return ((await query('SELECT * FROM notices WHERE team_id = $1 ORDER BY at DESC', [])).rows as Row[]).map(toNotice);
    },
  };
}

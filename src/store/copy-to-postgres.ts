import type Database from 'better-sqlite3';
import type pg from 'pg';
import { inTransaction } from './pg-transaction.js';

/** How one SQLite table is copied: rows that change (runs, feed state, notices) are refreshed, the rest only added. */
interface TableCopy {
  table: string;
  /** The conflict clause; `DO UPDATE` refreshes the row from SQLite, which is the source during a move. */
  onConflict: string;
  /** Its id column is an identity in PostgreSQL: ids are kept, and the sequence moved past them. */
  identity?: string;
  /** Columns SQLite keeps as JSON text and PostgreSQL as `jsonb`. */
  json?: readonly string[];
}

/**
 * The state `npm run db:copy` moves, in foreign-key order (runs before their parts). A table added to SQLite's schema is
 * added here too (a test compares this list with the SQLite schema).
 */
export const COPIED_TABLES: readonly TableCopy[] = [
  {
    table: 'digest_runs',
    onConflict: `(team_id, key) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, ts = excluded.ts,
      error = excluded.error, finished_at = excluded.finished_at`,
  },
  {
    table: 'digest_parts',
    onConflict: `(team_id, run_key, part) DO UPDATE SET status = excluded.status, message = excluded.message, ts = excluded.ts,
      thread_ts = excluded.thread_ts, posted_at = excluded.posted_at`,
    json: ['message'],
  },
  { table: 'subscriptions', onConflict: '(id) DO NOTHING', identity: 'id' },
  {
    table: 'feed_state',
    onConflict: `(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
      next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error, last_polled_at = excluded.last_polled_at, last_ok_at = excluded.last_ok_at`,
  },
  { table: 'feed_items', onConflict: 'DO NOTHING', identity: 'id' },
  { table: 'feeds', onConflict: 'DO NOTHING', identity: 'id' },
  { table: 'arrivals', onConflict: '(article_id) DO NOTHING' },
  { table: 'notices', onConflict: '(team_id, key) DO UPDATE SET kind = excluded.kind, message = excluded.message, at = excluded.at' },
  { table: 'slack_events', onConflict: '(team_id, event_id) DO UPDATE SET expires_at = GREATEST(slack_events.expires_at, excluded.expires_at)' },
  { table: 'slack_threads', onConflict: '(team_id, thread) DO UPDATE SET query = excluded.query, page = excluded.page, expires_at = excluded.expires_at' },
  { table: 'alerts', onConflict: 'DO NOTHING', identity: 'id' },
  { table: 'topic_cursors', onConflict: '(team_id, topic) DO UPDATE SET checked_up_to = excluded.checked_up_to' },
  { table: 'topic_matches', onConflict: 'DO NOTHING' },
  {
    table: 'alert_posts',
    onConflict: '(team_id, key) DO UPDATE SET status = excluded.status, ts = excluded.ts, attempts = excluded.attempts, error = excluded.error, finished_at = excluded.finished_at',
  },
  { table: 'alert_items', onConflict: 'DO NOTHING' },
  { table: 'feedback', onConflict: '(team_id, item, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at, source = excluded.source' },
  { table: 'briefs_asked', onConflict: 'DO NOTHING', identity: 'id' },
  { table: 'slack_response_urls', onConflict: '(team_id, url) DO UPDATE SET used = GREATEST(slack_response_urls.used, excluded.used), expires_at = excluded.expires_at' },
];

const BATCH = 1000;

/**
 * Copies a (migrated) SQLite database's state into a (migrated) PostgreSQL database in one
 * transaction, idempotently: running it again adds nothing twice. Rows go over as JSON and
 * PostgreSQL converts them to the table's own types (`jsonb_populate_recordset`). Returns how many
 * rows of each table were added or refreshed.
 *
 * @example db.prepare('INSERT INTO notices (team_id, key, kind, message, at) VALUES (?, ?, ?, ?, ?)').run('T0copy', 'feed:x', 'feed', 'The feed answered 404.', now.toISOString());
 * (await copyToPostgres(db, pool)).notices // => 1
 * (await copyToPostgres(db, pool)).notices // => 1
 * (await pool.query("SELECT message FROM notices WHERE team_id = 'T0copy'")).rows // => [{ message: 'The feed answered 404.' }]
 */
export async function copyToPostgres(sqlite: Database.Database, pool: pg.Pool): Promise<Record<string, number>> {
  return inTransaction(pool, async (client) => {
    const counts: Record<string, number> = {};
    for (const { table, onConflict, identity, json = [] } of COPIED_TABLES) {
      const columns = (sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
      const overriding = identity === undefined ? '' : 'OVERRIDING SYSTEM VALUE';
      const sql = `INSERT INTO ${table} (${columns}) ${overriding} SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ON CONFLICT ${onConflict}`;
      counts[table] = 0;
      const parse = (row: Record<string, unknown>) => {
        for (const c of json) if (typeof row[c] === 'string') row[c] = JSON.parse(row[c] as string);
        return row;
      };
      const rows = (sqlite.prepare(`SELECT ${columns} FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[]).map(parse);
      for (let i = 0; i < rows.length; i += BATCH) {
        counts[table] += (await client.query(sql, [JSON.stringify(rows.slice(i, i + BATCH))])).rowCount ?? 0;
      }
      if (identity !== undefined) {
        await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT max(${identity}) FROM ${table}), 1))`, [table, identity]);
      }
    }
    return counts;
  });
}

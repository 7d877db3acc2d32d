import type pg from 'pg';
import { toAlert, toCursor, toMatch, toPost, toStories, toUsageStats } from './alert-rows.js';
import type { AlertItem, AlertStore } from './alert-store.js';
import { openMigratedPool } from './pg-migrate.js';
import { inTransaction } from './pg-transaction.js';
import { instantOf, type Row } from './rows.js';

/** PostgreSQL text cannot hold U+0000; what users typed (queries, origins) may. */
const text = (s: string): string => s.replaceAll('\u0000', '');
/** Ids and text order byte-wise, as in SQLite, whatever the database's collation. */
const C = 'COLLATE "C"';
const INSERT_ITEM = 'INSERT INTO alert_items (topic, article_id, story_key, post_key) VALUES ($1, $2, $3, $4)';

/**
 * Connects to PostgreSQL at `url`, migrates the schema (safe when replicas start at once) and
 * returns the {@link AlertStore} over a pool of its own, shared by every replica.
 *
 * @example const alerts = await openPostgresAlertStore('postgres://brief@db/brief'); await alerts.listAlerts('C1');
 */
export async function openPostgresAlertStore(url: string, onIdleError: (err: Error) => void = () => undefined): Promise<AlertStore> {
  const pool = await openMigratedPool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 }, onIdleError);
  return pgAlertStore(pool, () => pool.end());
}

/**
 * The {@link AlertStore} over a pool whose database is migrated; `close` ends what the store owns.
 *
 * @example const alerts = pgAlertStore(pool, () => pool.end()); await alerts.recordBriefAsked('taliban', now);
 */
export function pgAlertStore(pool: pg.Pool, close: () => Promise<void>): AlertStore {
  const rows = async (sql: string, params: unknown[]): Promise<Row[]> => (await pool.query(sql, params)).rows as Row[];
  const insertItems = async (client: pg.PoolClient, topic: string, postKey: string, items: readonly AlertItem[]) => {
    for (const item of items) await client.query(INSERT_ITEM, [topic, item.articleId, item.storyKey, postKey]);
  };
  const helpfulCounts = 'SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) AS helpful, SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) AS unhelpful';
  let closed: Promise<void> | undefined;
  return {
    async addAlert(a) {
      const sql = 'INSERT INTO alerts (channel, query, every_minutes, quiet_start, quiet_end, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id';
      const [row] = await rows(sql, [a.channel, text(a.query), a.everyMinutes, a.quiet?.start ?? null, a.quiet?.end ?? null, a.createdBy, a.createdAt]);
      return { ...a, id: Number(row!.id) };
    },
    async removeAlert(id, channel) {
      return ((await pool.query('DELETE FROM alerts WHERE id = $1 AND channel = $2', [id, channel])).rowCount ?? 0) === 1;
    },
    async listAlerts(channel) {
      return (channel === undefined ? await rows('SELECT * FROM alerts ORDER BY id', []) : await rows('SELECT * FROM alerts WHERE channel = $1 ORDER BY id', [channel])).map(toAlert);
    },
    async topicCursor(topic, now) {
      await pool.query('INSERT INTO topic_cursors (topic, since, checked_up_to) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING', [topic, now]);
      return toCursor((await rows('SELECT * FROM topic_cursors WHERE topic = $1', [topic]))[0]!);
    },
    async addMatches(topic, matches, checkedUpTo) {
      await inTransaction(pool, async (client) => {
        for (const m of matches) await client.query('INSERT INTO topic_matches (topic, article_id, arrived_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [topic, m.articleId, m.arrivedAt]);
        await client.query('UPDATE topic_cursors SET checked_up_to = $1 WHERE topic = $2', [checkedUpTo, topic]);
      });
    },
    async matchesBetween(topic, after, upTo) {
      return (await rows(`SELECT * FROM topic_matches WHERE topic = $1 AND arrived_at > $2 AND arrived_at <= $3 ORDER BY arrived_at, article_id ${C}`, [topic, after, upTo])).map(toMatch);
    },
    async pendingMatches(topic) {
      const sql = `SELECT m.* FROM topic_matches m LEFT JOIN alert_items i ON i.topic = m.topic AND i.article_id = m.article_id
        WHERE m.topic = $1 AND i.article_id IS NULL ORDER BY m.arrived_at, m.article_id ${C}`;
      return (await rows(sql, [topic])).map(toMatch);
    },
    async alertedStories(topic, since) {
      const sql = `SELECT i.story_key, i.article_id, p.key AS post_key, p.kind FROM alert_items i JOIN alert_posts p ON p.key = i.post_key
        WHERE i.topic = $1 AND p.started_at >= $2 ORDER BY p.started_at, i.seq`;
      return toStories(await rows(sql, [topic, since]));
    },
    async claimPost(post, items) {
      await inTransaction(pool, async (client) => {
        const sql = `INSERT INTO alert_posts (key, topic, channel, kind, parent_key, message, status, attempts, started_at) VALUES ($1, $2, $3, $4, $5, $6, 'posting', 0, $7)`;
        await client.query(sql, [post.key, post.topic, post.channel, post.kind, post.parentKey ?? null, text(JSON.stringify(post.message)), post.startedAt]);
        await insertItems(client, post.topic, post.key, items);
      });
    },
    async takeItems(topic, postKey, items) {
      await inTransaction(pool, (client) => insertItems(client, topic, postKey, items));
    },
    async unfinishedPosts() {
      return (await rows(`SELECT * FROM alert_posts WHERE status = 'posting' ORDER BY started_at, seq`, [])).map(toPost);
    },
    async getPost(key) {
      const [row] = await rows('SELECT * FROM alert_posts WHERE key = $1', [key]);
      return row === undefined ? undefined : toPost(row);
    },
    async finishPost(key, patch) {
      await pool.query('UPDATE alert_posts SET status = $1, ts = COALESCE($2, ts), error = $3, finished_at = $4 WHERE key = $5', [patch.status, patch.ts ?? null, patch.error ?? null, patch.at, key]);
    },
    async countAttempt(key) {
      await pool.query('UPDATE alert_posts SET attempts = attempts + 1 WHERE key = $1', [key]);
    },
    async lastPostAt(topic, kind) {
      return instantOf((await rows('SELECT MAX(started_at) AS at FROM alert_posts WHERE topic = $1 AND kind = $2', [topic, kind]))[0]?.at);
    },
    async recordFeedback(f) {
      const sql = `INSERT INTO feedback (item, user_id, channel, article_id, source, origin, helpful, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (item, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at, source = excluded.source`;
      await pool.query(sql, [text(`${f.origin}\n${f.articleId}`), f.userId, f.channel, text(f.articleId), text(f.source), text(f.origin), f.helpful ? 1 : 0, f.at]);
    },
    async demotedArticles(channel) {
      const sql = `SELECT article_id FROM feedback WHERE channel = $1 GROUP BY article_id
        HAVING SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) > SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) ORDER BY article_id ${C}`;
      return (await rows(sql, [channel])).map((r) => r.article_id as string);
    },
    async recordBriefAsked(query, at) {
      await pool.query('INSERT INTO briefs_asked (query, at) VALUES ($1, $2)', [text(query.slice(0, 500)), at]);
    },
    async usageStats(limit) {
      const [count] = await rows('SELECT COUNT(*) AS n FROM briefs_asked', []);
      const top = await rows(`SELECT lower(query) AS query, COUNT(*) AS n FROM briefs_asked GROUP BY lower(query) ORDER BY n DESC, lower(query) ${C} LIMIT $1`, [limit]);
      const bySource = await rows(`SELECT source AS key, ${helpfulCounts} FROM feedback GROUP BY source ORDER BY COUNT(*) DESC, source ${C} LIMIT $1`, [limit]);
      const byOrigin = await rows(`SELECT origin AS key, ${helpfulCounts} FROM feedback GROUP BY origin ORDER BY COUNT(*) DESC, origin ${C} LIMIT $1`, [limit]);
      return toUsageStats(count!, top, bySource, byOrigin);
    },
    async close() {
      closed ??= close();
      return closed;
    },
  };
}

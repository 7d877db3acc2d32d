import type pg from 'pg';
import { toAlert, toCursor, toMatch, toPost, toStories, toUsageStats } from './alert-rows.js';
import type { AlertItem, AlertStore } from './alert-store.js';
import { inTransaction } from './pg-transaction.js';
import { instantOf, type Row } from './rows.js';
import type { StoreScope } from './store.js';

/** PostgreSQL text cannot hold U+0000; what users typed (queries, origins) may. */
const text = (s: string): string => s.replaceAll('\u0000', '');
/** Ids and text order byte-wise, as in SQLite, whatever the database's collation. */
const C = 'COLLATE "C"';
const INSERT_ITEM = 'INSERT INTO alert_items (team_id, topic, article_id, story_key, post_key) VALUES ($1, $2, $3, $4, $5)';

/**
 * The {@link AlertStore} over a pool whose database is migrated, for one workspace (`$1` of every
 * statement is its team id).
 *
 * @example const alerts = pgAlertStore(pool, { teamId: 'T0pgalerts' });
 * await alerts.recordBriefAsked('taliban', now);
 * (await alerts.usageStats(5)).topQueries // => [{ query: 'taliban', count: 1 }]
 */
export function pgAlertStore(pool: pg.Pool, scope: StoreScope): AlertStore {
  const team = scope.teamId;
  // $1 of every statement is the workspace's team id.
  const rows = async (sql: string, params: unknown[]): Promise<Row[]> => (await pool.query(sql, [team, ...params])).rows as Row[];
  const run = async (client: pg.Pool | pg.PoolClient, sql: string, params: unknown[]): Promise<number> => (await client.query(sql, [team, ...params])).rowCount ?? 0;
  const insertItems = async (client: pg.PoolClient, topic: string, postKey: string, items: readonly AlertItem[]) => {
    for (const item of items) await run(client, INSERT_ITEM, [topic, item.articleId, item.storyKey, postKey]);
  };
  const helpfulCounts = 'SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) AS helpful, SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) AS unhelpful';
  return {
    async addAlert(a) {
      const sql = 'INSERT INTO alerts (team_id, channel, query, every_minutes, quiet_start, quiet_end, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id';
      const [row] = await rows(sql, [a.channel, text(a.query), a.everyMinutes, a.quiet?.start ?? null, a.quiet?.end ?? null, a.createdBy, a.createdAt]);
      return { ...a, id: Number(row!.id) };
    },
    async removeAlert(id, channel) {
      return (await run(pool, 'DELETE FROM alerts WHERE team_id = $1 AND id = $2 AND channel = $3', [id, channel])) === 1;
    },
    async listAlerts(channel) {
      const all = channel === undefined;
      return (await rows(`SELECT * FROM alerts WHERE team_id = $1${all ? '' : ' AND channel = $2'} ORDER BY id`, all ? [] : [channel])).map(toAlert);
    },
    async topicCursor(topic, now) {
      await run(pool, 'INSERT INTO topic_cursors (team_id, topic, since, checked_up_to) VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING', [topic, now]);
      return toCursor((await rows('SELECT * FROM topic_cursors WHERE team_id = $1 AND topic = $2', [topic]))[0]!);
    },
    async addMatches(topic, matches, checkedUpTo) {
      await inTransaction(pool, async (client) => {
        for (const m of matches) await run(client, 'INSERT INTO topic_matches (team_id, topic, article_id, arrived_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [topic, m.articleId, m.arrivedAt]);
        await run(client, 'UPDATE topic_cursors SET checked_up_to = $3 WHERE team_id = $1 AND topic = $2', [topic, checkedUpTo]);
      });
    },
    async matchesBetween(topic, after, upTo) {
      const sql = `SELECT * FROM topic_matches WHERE team_id = $1 AND topic = $2 AND arrived_at > $3 AND arrived_at <= $4 ORDER BY arrived_at, article_id ${C}`;
      return (await rows(sql, [topic, after, upTo])).map(toMatch);
    },
    async pendingMatches(topic) {
      const sql = `SELECT m.* FROM topic_matches m LEFT JOIN alert_items i ON i.team_id = m.team_id AND i.topic = m.topic AND i.article_id = m.article_id
        WHERE m.team_id = $1 AND m.topic = $2 AND i.article_id IS NULL ORDER BY m.arrived_at, m.article_id ${C}`;
      return (await rows(sql, [topic])).map(toMatch);
    },
    async alertedStories(topic, since) {
      const sql = `SELECT i.story_key, i.article_id, p.key AS post_key, p.kind FROM alert_items i JOIN alert_posts p ON p.team_id = i.team_id AND p.key = i.post_key
        WHERE i.team_id = $1 AND i.topic = $2 AND p.started_at >= $3 ORDER BY p.started_at, i.seq`;
      return toStories(await rows(sql, [topic, since]));
    },
    async claimPost(post, items) {
      await inTransaction(pool, async (client) => {
        const sql = `INSERT INTO alert_posts (team_id, key, topic, channel, kind, parent_key, message, status, attempts, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'posting', 0, $8)`;
        await run(client, sql, [post.key, post.topic, post.channel, post.kind, post.parentKey ?? null, text(JSON.stringify(post.message)), post.startedAt]);
        await insertItems(client, post.topic, post.key, items);
      });
    },
    async takeItems(topic, postKey, items) {
      await inTransaction(pool, (client) => insertItems(client, topic, postKey, items));
    },
    async unfinishedPosts() {
      return (await rows(`SELECT * FROM alert_posts WHERE team_id = $1 AND status = 'posting' ORDER BY started_at, seq`, [])).map(toPost);
    },
    async getPost(key) {
      const [row] = await rows('SELECT * FROM alert_posts WHERE team_id = $1 AND key = $2', [key]);
      return row === undefined ? undefined : toPost(row);
    },
    async finishPost(key, patch) {
      const sql = 'UPDATE alert_posts SET status = $3, ts = COALESCE($4, ts), error = $5, finished_at = $6 WHERE team_id = $1 AND key = $2';
      await run(pool, sql, [key, patch.status, patch.ts ?? null, patch.error ?? null, patch.at]);
    },
    async countAttempt(key) {
      await run(pool, 'UPDATE alert_posts SET attempts = attempts + 1 WHERE team_id = $1 AND key = $2', [key]);
    },
    async lastPostAt(topic, kind) {
      return instantOf((await rows('SELECT MAX(started_at) AS at FROM alert_posts WHERE team_id = $1 AND topic = $2 AND kind = $3', [topic, kind]))[0]?.at);
    },
    async recordFeedback(f) {
      const sql = `INSERT INTO feedback (team_id, item, user_id, channel, article_id, source, origin, helpful, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (team_id, item, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at, source = excluded.source`;
      await run(pool, sql, [text(`${f.origin}\n${f.articleId}`), f.userId, f.channel, text(f.articleId), text(f.source), text(f.origin), f.helpful ? 1 : 0, f.at]);
    },
    async demotedArticles(channel) {
      const sql = `SELECT article_id FROM feedback WHERE team_id = $1 AND channel = $2 GROUP BY article_id
        HAVING SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) > SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) ORDER BY article_id ${C}`;
      return (await rows(sql, [channel])).map((r) => r.article_id as string);
    },
    async recordBriefAsked(query, at) {
      await run(pool, 'INSERT INTO briefs_asked (team_id, query, at) VALUES ($1, $2, $3)', [text(query.slice(0, 500)), at]);
    },
    async usageStats(limit) {
      const [count] = await rows('SELECT COUNT(*) AS n FROM briefs_asked WHERE team_id = $1', []);
      const top = await rows(`SELECT lower(query) AS query, COUNT(*) AS n FROM briefs_asked WHERE team_id = $1 GROUP BY lower(query) ORDER BY n DESC, lower(query) ${C} LIMIT $2`, [limit]);
      const bySource = await rows(`SELECT source AS key, ${helpfulCounts} FROM feedback WHERE team_id = $1 GROUP BY source ORDER BY COUNT(*) DESC, source ${C} LIMIT $2`, [limit]);
      const byOrigin = await rows(`SELECT origin AS key, ${helpfulCounts} FROM feedback WHERE team_id = $1 GROUP BY origin ORDER BY COUNT(*) DESC, origin ${C} LIMIT $2`, [limit]);
      return toUsageStats(count!, top, bySource, byOrigin);
    },
  };
}

import type pg from 'pg';
import { toFeed, toFeedSummary, type Row } from './rows.js';
import type { Store } from './store.js';

/**
 * The feed-list part of the PostgreSQL {@link Store}: the `feeds` table (PostgreSQL migration 4),
 * one list for the install, with each feed's item count and last poll joined in. Adding a URL twice,
 * from two replicas at once, stores it once.
 *
 * @example const feeds = pgFeeds(pool); await feeds.addFeed({ url: 'https://x.org/rss', addedBy: 'U1', addedAt: now });
 */
export function pgFeeds(pool: pg.Pool): Pick<Store, 'addFeed' | 'removeFeed' | 'listFeeds'> {
  const rows = async (sql: string, params: unknown[]): Promise<Row[]> => (await pool.query(sql, params)).rows as Row[];
  return {
    async addFeed(feed) {
      const sql = 'INSERT INTO feeds (url, name, added_by, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT (url) DO NOTHING RETURNING *';
      const [added] = await rows(sql, [feed.url, feed.name ?? null, feed.addedBy, feed.addedAt]);
      if (added !== undefined) return { created: true, feed: toFeed(added) };
      const [stored] = await rows('SELECT * FROM feeds WHERE url = $1', [feed.url]);
      return { created: false, feed: toFeed(stored!) };
    },
    async removeFeed(ref) {
      const [row] = 'id' in ref ? await rows('DELETE FROM feeds WHERE id = $1 RETURNING *', [ref.id]) : await rows('DELETE FROM feeds WHERE url = $1 RETURNING *', [ref.url]);
      return row === undefined ? undefined : toFeed(row);
    },
    async listFeeds() {
      const sql = `SELECT f.*, COALESCE(s.failures, 0) AS failures, s.last_ok_at, s.last_error,
          (SELECT COUNT(*) FROM feed_items i WHERE i.feed_url = f.url) AS items
        FROM feeds f LEFT JOIN feed_state s ON s.url = f.url ORDER BY f.id`;
      return (await rows(sql, [])).map(toFeedSummary);
    },
  };
}

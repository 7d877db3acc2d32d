import type pg from 'pg';
import { toFeed, toFeedState, toFeedSummary, type Row } from './rows.js';
import type { FeedStore } from './store.js';

/**
 * The {@link FeedStore} over a migrated PostgreSQL pool: one feed list for the install (PostgreSQL
 * migration 4) with each feed's item count and last poll joined in, each feed's polling state, and
 * the items taken in. Adding a URL twice, or claiming one item, from two replicas at once stores it
 * once (`ON CONFLICT DO NOTHING` on the unique keys).
 *
 * @example const feeds = pgFeeds(pool);
 * (await feeds.addFeed({ url: 'https://pg-feeds.example/rss', addedBy: 'U1', addedAt: now })).created // => true
 * (await feeds.addFeed({ url: 'https://pg-feeds.example/rss', addedBy: 'U2', addedAt: now })).feed.addedBy // => 'U1'
 */
export function pgFeeds(pool: pg.Pool): FeedStore {
  const rows = async (sql: string, params: unknown[]): Promise<Row[]> => (await pool.query(sql, params)).rows as Row[];
  return {
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
      return ((await pool.query(sql, [item.feedUrl, item.guidKey ?? null, item.linkKey ?? null, item.articleId, item.file, item.seenAt])).rowCount ?? 0) === 1;
    },
    async releaseFeedItem(keys) {
      await pool.query('DELETE FROM feed_items WHERE guid_key = $1 OR link_key = $2', [keys.guidKey ?? null, keys.linkKey ?? null]);
    },
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

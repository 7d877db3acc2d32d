import type Database from 'better-sqlite3';
import { toFeed, toFeedSummary, type Row } from './rows.js';
import type { Store } from './store.js';

/**
 * The feed-list part of the SQLite {@link Store}: the `feeds` table (migration 4) with each feed's
 * item count and last poll joined in.
 *
 * @example const store = { ...sqliteStore(db), ...sqliteFeeds(db) }
 */
export function sqliteFeeds(db: Database.Database): Pick<Store, 'addFeed' | 'removeFeed' | 'listFeeds'> {
  const q = {
    insert: db.prepare('INSERT OR IGNORE INTO feeds (url, name, added_by, added_at) VALUES (?, ?, ?, ?)'),
    byUrl: db.prepare('SELECT * FROM feeds WHERE url = ?'),
    byId: db.prepare('SELECT * FROM feeds WHERE id = ?'),
    delete: db.prepare('DELETE FROM feeds WHERE id = ?'),
    list: db.prepare(
      `SELECT f.*, COALESCE(s.failures, 0) AS failures, s.last_ok_at, s.last_error,
         (SELECT COUNT(*) FROM feed_items i WHERE i.feed_url = f.url) AS items
       FROM feeds f LEFT JOIN feed_state s ON s.url = f.url ORDER BY f.id`,
    ),
  };
  return {
    async addFeed(feed) {
      const created = q.insert.run(feed.url, feed.name ?? null, feed.addedBy, feed.addedAt.toISOString()).changes === 1;
      return { created, feed: toFeed(q.byUrl.get(feed.url) as Row) };
    },
    async removeFeed(ref) {
      const row = ('id' in ref ? q.byId.get(ref.id) : q.byUrl.get(ref.url)) as Row | undefined;
      if (row === undefined) return undefined;
      q.delete.run(row.id);
      return toFeed(row);
    },
    async listFeeds() {
      return (q.list.all() as Row[]).map(toFeedSummary);
    },
  };
}

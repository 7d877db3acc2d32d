import type Database from 'better-sqlite3';
import { toFeed, toFeedState, toFeedSummary, type Row } from './rows.js';
import type { FeedStore } from './store.js';

const iso = (d: Date | undefined): string | null => (d === undefined ? null : d.toISOString());

/**
 * The {@link FeedStore} over a migrated better-sqlite3 database: the feed list (`feeds`, migration 4)
 * with each feed's item count and last poll joined in, each feed's polling state, and the items
 * taken in (`claimFeedItem` is one `INSERT OR IGNORE` on the two unique keys).
 *
 * @example const feeds = sqliteFeeds(db);
 * (await feeds.addFeed({ url: 'https://x.org/rss', addedBy: 'U1', addedAt: now })).created // => true
 * (await feeds.addFeed({ url: 'https://x.org/rss', addedBy: 'U2', addedAt: now })).created // => false
 * (await feeds.listFeeds()).map((f) => [f.url, f.addedBy, f.items]) // => [['https://x.org/rss', 'U1', 0]]
 */
export function sqliteFeeds(db: Database.Database): FeedStore {
  const q = {
    getState: db.prepare('SELECT * FROM feed_state WHERE url = ?'),
    saveState: db.prepare(
      `INSERT INTO feed_state (url, etag, last_modified, failures, next_attempt_at, last_error, last_polled_at, last_ok_at)
       VALUES (@url, @etag, @last_modified, @failures, @next_attempt_at, @last_error, @last_polled_at, @last_ok_at)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
         next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error, last_polled_at = excluded.last_polled_at,
         last_ok_at = excluded.last_ok_at`,
    ),
    deleteItem: db.prepare('DELETE FROM feed_items WHERE guid_key = ? OR link_key = ?'),
    insertItem: db.prepare('INSERT OR IGNORE INTO feed_items (feed_url, guid_key, link_key, article_id, file, seen_at) VALUES (?, ?, ?, ?, ?, ?)'),
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
    async getFeedState(url) {
      const row = q.getState.get(url) as Row | undefined;
      return row === undefined ? undefined : toFeedState(row);
    },
    async saveFeedState(s) {
      q.saveState.run({
        url: s.url,
        etag: s.etag ?? null,
        last_modified: s.lastModified ?? null,
        failures: s.failures,
        next_attempt_at: iso(s.nextAttemptAt),
        last_error: s.lastError ?? null,
        last_polled_at: iso(s.lastPolledAt),
        last_ok_at: iso(s.lastOkAt),
      });
    },
    async claimFeedItem(item) {
      return q.insertItem.run(item.feedUrl, item.guidKey ?? null, item.linkKey ?? null, item.articleId, item.file, iso(item.seenAt)).changes === 1;
    },
    async releaseFeedItem(keys) {
      q.deleteItem.run(keys.guidKey ?? null, keys.linkKey ?? null);
    },
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

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { sqliteDigestRuns } from './sqlite-digest-runs.js';
import { instantOf, toFeedState, toNotice, toSubscription, type Row } from './rows.js';
import { sqliteFeeds } from './sqlite-feeds.js';
import { DEFAULT_TEAM_ID, StoreError, type Notice, type Store, type StoreScope } from './store.js';

/**
 * Opens (creating if needed) the SQLite database at `file` and brings its schema up to date.
 * `:memory:` gives a throw-away store for tests. WAL mode, so a reader never waits on the writer.
 *
 * @example const store = openSqliteStore('data/brief.db'); await store.listSubscriptions();
 */
export function openSqliteStore(file: string, scope: StoreScope = { teamId: DEFAULT_TEAM_ID }): Store {
  return sqliteStore(openDatabase(file), scope);
}

/**
 * Opens (creating if needed) the SQLite database at `file`, WAL mode, schema brought up to date.
 * Several connections to one file are fine (the Slack side opens its own).
 *
 * @example const db = openDatabase(':memory:'); db.pragma('user_version', { simple: true }) // MIGRATIONS.length
 */
export function openDatabase(file: string): Database.Database {
  let db: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new StoreError('STORE_OPEN_FAILED', `Could not open the database "${file}" (DATABASE_PATH): ${(err as Error).message}`);
  }
  migrate(db);
  return db;
}

/**
 * Runs the migrations the database has not had yet, in one transaction. Returns the schema version.
 *
 * @example migrate(new Database('data/brief.db')) // 4
 */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StoreError('STORE_SCHEMA_TOO_NEW', `The database has schema version ${current}, newer than this version of Brief knows (${MIGRATIONS.length}).`);
  }
  db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return MIGRATIONS.length;
}

const iso = (d: Date | undefined): string | null => (d === undefined ? null : d.toISOString());

/**
 * The {@link Store} over an open better-sqlite3 database (already migrated), for one workspace.
 *
 * @example const store = sqliteStore(db, { teamId: 'T0123' }); await store.recordArrivals(['a'], new Date());
 */
export function sqliteStore(db: Database.Database, scope: StoreScope = { teamId: DEFAULT_TEAM_ID }): Store {
  const team = scope.teamId;
  const q = {
    insertSub: db.prepare('INSERT INTO subscriptions (team_id, channel, query, time, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    deleteSub: db.prepare('DELETE FROM subscriptions WHERE team_id = ? AND id = ? AND channel = ?'),
    allSubs: db.prepare('SELECT * FROM subscriptions WHERE team_id = ? ORDER BY id'),
    channelSubs: db.prepare('SELECT * FROM subscriptions WHERE team_id = ? AND channel = ? ORDER BY id'),
    getFeed: db.prepare('SELECT * FROM feed_state WHERE url = ?'),
    saveFeed: db.prepare(
      `INSERT INTO feed_state (url, etag, last_modified, failures, next_attempt_at, last_error, last_polled_at, last_ok_at)
       VALUES (@url, @etag, @last_modified, @failures, @next_attempt_at, @last_error, @last_polled_at, @last_ok_at)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
         next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error, last_polled_at = excluded.last_polled_at,
         last_ok_at = excluded.last_ok_at`,
    ),
    deleteItem: db.prepare('DELETE FROM feed_items WHERE guid_key = ? OR link_key = ?'),
    insertItem: db.prepare('INSERT OR IGNORE INTO feed_items (feed_url, guid_key, link_key, article_id, file, seen_at) VALUES (?, ?, ?, ?, ?, ?)'),
    insertArrival: db.prepare('INSERT OR IGNORE INTO arrivals (article_id, arrived_at) VALUES (?, ?)'),
    arrivedBetween: db.prepare('SELECT article_id FROM arrivals WHERE arrived_at > ? AND arrived_at <= ? ORDER BY arrived_at, article_id'),
    arrivalOf: db.prepare('SELECT arrived_at FROM arrivals WHERE article_id = ?'),
    setNotice: db.prepare('INSERT INTO notices (team_id, key, kind, message, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, key) DO UPDATE SET kind = excluded.kind, message = excluded.message, at = excluded.at'),
    clearNotice: db.prepare('DELETE FROM notices WHERE team_id = ? AND key = ?'),
    listNotices: db.prepare('SELECT * FROM notices WHERE team_id = ? ORDER BY at DESC'),
  };
  const recordArrivals = db.transaction((ids: readonly string[], at: string) => {
    let added = 0;
    for (const id of ids) added += q.insertArrival.run(id, at).changes;
    return added;
  });

  return {
    ...sqliteDigestRuns(db, scope),
    async addSubscription(sub) {
      const info = q.insertSub.run(team, sub.channel, sub.query, sub.time, sub.createdBy, iso(sub.createdAt));
      return { ...sub, id: Number(info.lastInsertRowid) };
    },
    async removeSubscription(id, channel) {
      return q.deleteSub.run(team, id, channel).changes === 1;
    },
    async listSubscriptions(channel) {
      return ((channel === undefined ? q.allSubs.all(team) : q.channelSubs.all(team, channel)) as Row[]).map(toSubscription);
    },
    async getFeedState(url) {
      const row = q.getFeed.get(url) as Row | undefined;
      return row === undefined ? undefined : toFeedState(row);
    },
    async saveFeedState(s) {
      q.saveFeed.run({
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
    async recordArrivals(ids, at) {
      return recordArrivals(ids, at.toISOString());
    },
    async arrivedBetween(after, upTo) {
      return (q.arrivedBetween.all(after.toISOString(), upTo.toISOString()) as Row[]).map((r) => r.article_id as string);
    },
    async arrivalOf(id) {
      return instantOf((q.arrivalOf.get(id) as Row | undefined)?.arrived_at);
    },
    async setNotice(n: Notice) {
      q.setNotice.run(team, n.key, n.kind, n.message, iso(n.at));
    },
    async clearNotice(key) {
      q.clearNotice.run(team, key);
    },
    async listNotices() {
      return (q.listNotices.all(team) as Row[]).map(toNotice);
    },
    ...sqliteFeeds(db),
    async close() {
      if (db.open) db.close();
    },
  };
}

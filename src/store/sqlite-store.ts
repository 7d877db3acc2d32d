import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../clock.js';
import { MIGRATIONS } from './migrations.js';
import { sqliteAlertStore } from './sqlite-alert-store.js';
import { sqliteConversationStore } from './sqlite-conversation-store.js';
import { sqliteDigestRuns } from './sqlite-digest-runs.js';
import { instantOf, toNotice, toSubscription, type Row } from './rows.js';
import { sqliteFeeds } from './sqlite-feeds.js';
import { DEFAULT_TEAM_ID, StoreError, type ArrivalStore, type NoticeStore, type Stores, type StoreScope, type SubscriptionStore } from './store.js';

/** How SQLite stores are opened: for which workspace, and the clock the Slack side's memory expires by. */
export interface SqliteStoreOptions extends Partial<StoreScope> {
  clock?: Clock;
}

/**
 * Opens (creating if needed) the SQLite database at `file`, brings its schema up to date and returns
 * every port over that one connection. `:memory:` gives a throw-away store for tests. WAL mode, so
 * a reader never waits on the writer.
 *
 * @example const stores = openSqliteStore(`${dir}/one.db`);
 * await stores.subscriptions.addSubscription({ channel: 'C1', query: 'taliban', time: '07:30', createdBy: 'U1', createdAt: now });
 * (await stores.subscriptions.listSubscriptions()).map((s) => s.query) // => ['taliban']
 * await stores.close();
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Stores {
  return sqliteStores(openDatabase(file), options);
}

/**
 * Opens (creating if needed) the SQLite database at `file`, WAL mode, schema brought up to date.
 * Several connections to one file are fine (a second process, a CLI run beside the app).
 *
 * @example const stores = openSqliteStore(':memory:'); // openStore's SQLite side opens through here
 * (await stores.notices.listNotices()).length // => 0
 * await stores.close();
 */
function openDatabase(file: string): Database.Database {
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
 * @example const fresh = new Database(':memory:');
 * migrate(fresh) === fresh.pragma('user_version', { simple: true }) // => true
 * migrate(fresh) === migrate(fresh) // => true
 * fresh.close();
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

/**
 * Every port over an open, migrated better-sqlite3 database, for one workspace; `close()` closes the
 * database.
 *
 * @example const stores = openSqliteStore(':memory:', { teamId: 'T0123' }); // sqliteStores on the opened database
 * await stores.arrivals.recordArrivals(['a', 'b'], now) // => 2
 * await stores.arrivals.recordArrivals(['a'], new Date(now.getTime() + 1000)) // => 0
 * (await stores.arrivals.arrivalOf('a'))?.getTime() // => now.getTime()
 * await stores.close();
 */
function sqliteStores(db: Database.Database, options: SqliteStoreOptions = {}): Stores {
  const scope = { teamId: options.teamId ?? DEFAULT_TEAM_ID };
  return {
    runs: sqliteDigestRuns(db, scope),
    subscriptions: sqliteSubscriptions(db, scope),
    feeds: sqliteFeeds(db),
    arrivals: sqliteArrivals(db),
    notices: sqliteNotices(db, scope),
    conversations: sqliteConversationStore(db, options.clock ?? systemClock),
    alerts: sqliteAlertStore(db, scope),
    async close() {
      if (db.open) db.close();
    },
  };
}

function sqliteSubscriptions(db: Database.Database, { teamId: team }: StoreScope): SubscriptionStore {
  const q = {
    insert: db.prepare('INSERT INTO subscriptions (team_id, channel, query, time, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    delete: db.prepare('DELETE FROM subscriptions WHERE team_id = ? AND id = ? AND channel = ?'),
    all: db.prepare('SELECT * FROM subscriptions WHERE team_id = ? ORDER BY id'),
    channel: db.prepare('SELECT * FROM subscriptions WHERE team_id = ? AND channel = ? ORDER BY id'),
  };
  return {
    async addSubscription(sub) {
      const info = q.insert.run(team, sub.channel, sub.query, sub.time, sub.createdBy, sub.createdAt.toISOString());
      return { ...sub, id: Number(info.lastInsertRowid) };
    },
    async removeSubscription(id, channel) {
      return q.delete.run(team, id, channel).changes === 1;
    },
    async listSubscriptions(channel) {
      return ((channel === undefined ? q.all.all(team) : q.channel.all(team, channel)) as Row[]).map(toSubscription);
    },
  };
}

function sqliteArrivals(db: Database.Database): ArrivalStore {
  const q = {
    insert: db.prepare('INSERT OR IGNORE INTO arrivals (article_id, arrived_at) VALUES (?, ?)'),
    between: db.prepare('SELECT article_id FROM arrivals WHERE arrived_at > ? AND arrived_at <= ? ORDER BY arrived_at, article_id'),
    of: db.prepare('SELECT arrived_at FROM arrivals WHERE article_id = ?'),
  };
  const record = db.transaction((ids: readonly string[], at: string) => {
    let added = 0;
    for (const id of ids) added += q.insert.run(id, at).changes;
    return added;
  });
  return {
    async recordArrivals(ids, at) {
      return record(ids, at.toISOString());
    },
    async arrivedBetween(after, upTo) {
      return (q.between.all(after.toISOString(), upTo.toISOString()) as Row[]).map((r) => r.article_id as string);
    },
    async arrivalOf(id) {
      return instantOf((q.of.get(id) as Row | undefined)?.arrived_at);
    },
  };
}

function sqliteNotices(db: Database.Database, { teamId: team }: StoreScope): NoticeStore {
  const q = {
    set: db.prepare('INSERT INTO notices (team_id, key, kind, message, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, key) DO UPDATE SET kind = excluded.kind, message = excluded.message, at = excluded.at'),
    clear: db.prepare('DELETE FROM notices WHERE team_id = ? AND key = ?'),
    list: db.prepare('SELECT * FROM notices WHERE team_id = ? ORDER BY at DESC'),
  };
  return {
    async setNotice(n) {
      q.set.run(team, n.key, n.kind, n.message, n.at.toISOString());
    },
    async clearNotice(key) {
      q.clear.run(team, key);
    },
    async listNotices() {
      return (q.list.all(team) as Row[]).map(toNotice);
    },
  };
}

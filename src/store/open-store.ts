import type { Config } from '../config/read-config.js';
import { openPostgresStore, type PostgresStoreOptions } from './pg-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Stores } from './store.js';

/** Which database the stores are opened on: PostgreSQL when `databaseUrl` is set, else the SQLite file. */
export type StoreSettings = Pick<Config, 'databasePath' | 'databaseUrl'>;

/**
 * How the stores are opened: the workspace (default `DEFAULT_TEAM_ID`), the clock the Slack side's
 * memory expires by, and, for PostgreSQL, the pool's size and where a lost connection or the memory's
 * fallback is told.
 */
export type StoreOptions = PostgresStoreOptions;

/**
 * Opens every store port the settings name, migrated, for one workspace: PostgreSQL at
 * `DATABASE_URL` when it is set (several replicas share it; the Slack side's memory falls back on
 * this process's while the database is away), else SQLite at `DATABASE_PATH` (one process, one
 * connection). `close()` closes them all.
 *
 * @example const stores = await openStore({ databasePath: `${dir}/open.db` }); // or { databaseUrl: 'postgres://…' }
 * await stores.subscriptions.listSubscriptions() // => []
 * await stores.close();
 */
export async function openStore(settings: StoreSettings, options: StoreOptions = {}): Promise<Stores> {
  if (settings.databaseUrl !== undefined) return openPostgresStore(settings.databaseUrl, options);
  return openSqliteStore(settings.databasePath, options);
}

/**
 * Where the store lives, for a log line or an error: the SQLite path, or PostgreSQL's host and
 * database without the user or password.
 *
 * @example describeStoreLocation({ databasePath: 'x.db', databaseUrl: 'postgres://u:p@db:5432/brief' }) // => 'postgres://db:5432/brief'
 * describeStoreLocation({ databasePath: 'data/brief.db' }) // => 'data/brief.db'
 */
export function describeStoreLocation(settings: StoreSettings): string {
  if (settings.databaseUrl === undefined) return settings.databasePath;
  const url = new URL(settings.databaseUrl);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

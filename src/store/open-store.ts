import type { Config } from '../config/read-config.js';
import { openPostgresStore, type PostgresStoreOptions } from './pg-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { DEFAULT_TEAM_ID, type Store, type StoreScope } from './store.js';

/** Which database a store is opened on: PostgreSQL when `databaseUrl` is set, else the SQLite file. */
export type StoreSettings = Pick<Config, 'databasePath' | 'databaseUrl'>;

/**
 * Opens the {@link Store} the settings name, migrated, for one workspace: PostgreSQL at
 * `DATABASE_URL` when it is set (several replicas), else SQLite at `DATABASE_PATH` (one process).
 *
 * @example const store = await openStore({ databasePath: 'data/brief.db' }); await store.listSubscriptions();
 */
export async function openStore(settings: StoreSettings, scope: StoreScope = { teamId: DEFAULT_TEAM_ID }, options: Omit<PostgresStoreOptions, 'teamId'> = {}): Promise<Store> {
  if (settings.databaseUrl !== undefined) return openPostgresStore(settings.databaseUrl, { ...options, teamId: scope.teamId });
  return openSqliteStore(settings.databasePath, scope);
}

/**
 * Where the store lives, for a log line or an error: the SQLite path, or PostgreSQL's host and
 * database without the user or password.
 *
 * @example describeStoreLocation({ databasePath: 'x.db', databaseUrl: 'postgres://u:p@db:5432/brief' }) // 'postgres://db:5432/brief'
 */
export function describeStoreLocation(settings: StoreSettings): string {
  if (settings.databaseUrl === undefined) return settings.databasePath;
  const url = new URL(settings.databaseUrl);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

import pg from 'pg';
import { ADVISORY_LOCKS } from './advisory-locks.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { StoreError } from './store.js';

/**
 * Brings a PostgreSQL database's schema up to date and returns its version. Safe when several
 * replicas start at once: each waits for the migrations advisory lock (held on one connection of
 * the pool), then reads the version and applies only what is still missing, each migration in its
 * own transaction with its version row. A database newer than this code is refused.
 *
 * @example await migratePostgres(pool) // => PG_MIGRATIONS.length
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly string[] = PG_MIGRATIONS): Promise<number> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...ADVISORY_LOCKS.migrations]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS brief_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM brief_schema');
      const current = rows[0]?.version ?? 0;
      if (current > migrations.length) {
        throw new StoreError('STORE_SCHEMA_TOO_NEW', `The database has schema version ${current}, newer than this version of Brief knows (${migrations.length}).`);
      }
      for (let v = current; v < migrations.length; v++) {
        await client.query('BEGIN');
        try {
          await client.query(migrations[v]!);
          await client.query('INSERT INTO brief_schema (version) VALUES ($1)', [v + 1]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
      return migrations.length;
    } finally {
      // A lost connection has released the lock already; its error is the one worth reporting.
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...ADVISORY_LOCKS.migrations]).catch((err: Error) => (broken = err));
    }
  } finally {
    client.release(broken);
  }
}

/**
 * A new pool whose connections' failures never end the process: an idle connection's error goes to
 * `onIdleError`, and a checked-out connection's (the server went away mid-transaction) reaches the
 * query it was running as that query's error. Without listeners, `pg` throws both as uncaught.
 *
 * @example const pool = newPool({ connectionString: databaseUrl, max: 2 });
 * (await pool.query('SELECT 1 AS one')).rows // => [{ one: 1 }]
 * await pool.end();
 */
export function newPool(config: pg.PoolConfig, onIdleError: (err: Error) => void = () => undefined): pg.Pool {
  const pool = new pg.Pool({ keepAlive: true, ...config });
  pool.on('error', onIdleError);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * A new pool on a migrated database (migrated here, safe when replicas start at once); an idle
 * connection's error goes to `onIdleError` instead of ending the process. The pool is ended when
 * the migration fails.
 *
 * @example const pool = await openMigratedPool({ connectionString: databaseUrl, max: 4 });
 * await migratePostgres(pool) // => PG_MIGRATIONS.length
 * await pool.end();
 */
export async function openMigratedPool(config: pg.PoolConfig, onIdleError: (err: Error) => void = () => undefined): Promise<pg.Pool> {
  const pool = newPool(config, onIdleError);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return pool;
}

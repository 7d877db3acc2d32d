import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/store/pg-migrate.js';
import { PG_MIGRATIONS } from '../../src/store/pg-migrations.js';
import { openPostgresStore } from '../../src/store/pg-store.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { ALERT_ROWS_BEFORE_WORKSPACES, expectAlertRowsInDefaultWorkspace } from './alerts-before-workspaces.js';
import { feedListContract } from './feed-list-contract.js';
import { storeContract, type StoreHarness } from './store-contract.js';

const databases: TestDatabase[] = [];
async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

const harness: StoreHarness = {
  async fresh() {
    const { url } = await database();
    return async (scope) => openPostgresStore(url, { maxConnections: 2, ...scope });
  },
};
storeContract('PostgreSQL', harness);
feedListContract('PostgreSQL', harness);

describe('PostgreSQL store', () => {
  it('is migrated once when three replicas start at the same moment', async () => {
    const { url } = await database();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url, { maxConnections: 1 })));
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const { rows } = await pool.query<{ version: number }>('SELECT version FROM brief_schema ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      expect(await migratePostgres(pool)).toBe(PG_MIGRATIONS.length); // again: nothing to do
      expect(await stores[0]!.arrivals.recordArrivals(['a'], new Date('2026-03-01T00:00:00Z'))).toBe(1);
    } finally {
      await pool.end();
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('runs concurrent migrations one after another (the advisory lock), never half of one twice', async () => {
    const { url } = await database();
    // A migration that fails if two runners ever run it at once: the second CREATE would find the table.
    const slow = ['CREATE TABLE once (n integer); SELECT pg_sleep(0.2); INSERT INTO once VALUES (1);'];
    const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: url, max: 1 }));
    try {
      expect(await Promise.all(pools.map((p) => migratePostgres(p, slow)))).toEqual([1, 1, 1]);
      expect((await pools[0]!.query('SELECT count(*)::int AS n FROM once')).rows[0].n).toBe(1);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('migrates a version 5 database: the alert side becomes the default workspace', async () => {
    const { url } = await database();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      expect(await migratePostgres(pool, PG_MIGRATIONS.slice(0, 5))).toBe(5);
      await pool.query(ALERT_ROWS_BEFORE_WORKSPACES);
    } finally {
      await pool.end();
    }
    const [mine, other] = [await openPostgresStore(url, { maxConnections: 2 }), await openPostgresStore(url, { maxConnections: 2, teamId: 'T0002' })];
    try {
      await expectAlertRowsInDefaultWorkspace(mine, other);
    } finally {
      await Promise.all([mine.close(), other.close()]);
    }
  });

  it('refuses a schema newer than it knows', async () => {
    const { url } = await database();
    await (await openPostgresStore(url)).close();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await pool.query('INSERT INTO brief_schema (version) VALUES ($1)', [PG_MIGRATIONS.length + 1]);
    await pool.end();
    await expect(openPostgresStore(url)).rejects.toMatchObject({ code: 'STORE_SCHEMA_TOO_NEW' });
  });

  it('says it could not open the database, without the password', async () => {
    const { url } = await database();
    const wrong = new URL(url);
    wrong.password = 'hunter2';
    wrong.pathname = '/no_such_database';
    const failure = await openPostgresStore(wrong.toString()).catch((err: Error) => err);
    expect(failure).toMatchObject({ code: 'STORE_OPEN_FAILED', message: expect.stringContaining('DATABASE_URL') });
    expect((failure as Error).message).not.toContain('hunter2');
  });
});

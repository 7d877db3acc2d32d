import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A database of its own for a test file (or a test), on the run's PostgreSQL server. */
export interface TestDatabase {
  url: string;
  name: string;
  /** Drops it (every connection to it is closed first). */
  drop(): Promise<void>;
}

/** Runs one statement as the server's superuser, in the `postgres` database or the one named. */
export async function adminQuery(sql: string, params: unknown[] = [], database?: string): Promise<pg.QueryResult> {
  const url = new URL(inject('postgresAdminUrl'));
  if (database !== undefined) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name; its URL has the same user as the admin URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `brief_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

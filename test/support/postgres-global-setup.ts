import type { TestProject } from 'vitest/node';
import { startTestCluster, type TestCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the server the tests create their databases in. */
    postgresAdminUrl: string;
  }
}

/**
 * vitest globalSetup: one PostgreSQL server for the whole run — `DATABASE_URL_TEST` when set,
 * else a throw-away cluster started here and stopped at the end. Each test file creates its own
 * database in it (`test/support/postgres-database.ts`).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.DATABASE_URL_TEST?.trim();
  let cluster: TestCluster | undefined;
  if (given === undefined || given === '') cluster = await startTestCluster();
  project.provide('postgresAdminUrl', cluster?.adminUrl ?? given!);
  return () => cluster?.stop();
}

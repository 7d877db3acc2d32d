import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The one test that judges time — 200 concurrent /brief through three replicas, each acked within
 * Slack's 3 s — runs alone after the rest, so the suite's own parallel files do not decide it.
 */
const TIMED = ['test/replicas/balancer.test.ts'];

export default defineConfig({
  test: {
    // One PostgreSQL server for the run (a throw-away cluster, or DATABASE_URL_TEST).
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'brief', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...TIMED], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timed', include: TIMED, sequence: { groupOrder: 1 } } },
    ],
  },
});

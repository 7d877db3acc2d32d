/**
 * `npm start` with SEARCH_ENGINE=postgres (HTTP mode, a child process): the postgres engine starts
 * from the articles table, and a `/brief` finds an article that is only there (not in CORPUS_DIR).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pgArticleLog } from '../../src/store/pg-articles.js';
import { openMigratedPool } from '../../src/store/pg-migrate.js';
import { article } from '../support/articles.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { form, postSigned } from '../support/sign.js';
import { SlackDouble } from '../support/slack-double.js';
import { TEST_SECRETS } from '../support/slack-fixtures.js';
import { killReplicas, startReplica, urlOf, type Replica } from '../support/replicas.js';

let db: TestDatabase;
let double: SlackDouble;
let replica: Replica | undefined;
const scratch = mkdtempSync(path.join(tmpdir(), 'brief-pg-search-'));
beforeAll(async () => {
  [db, double] = await Promise.all([createTestDatabase(), SlackDouble.start()]);
  const pool = await openMigratedPool({ connectionString: db.url, max: 1 });
  const only = article({ id: 'table-only', title: 'Zebra crossings repainted in Kabul', body: 'Every zebra crossing in Kabul was repainted this week.', source: 'Kabul Now', published: new Date().toISOString() });
  await pgArticleLog(pool).put([{ article: only, origin: 'feed:https://example.org/feed', arrivedAt: new Date() }]);
  await pool.end();
});
afterAll(async () => {
  if (replica !== undefined) await killReplicas([replica]);
  await double.close();
  await db.drop();
  rmSync(scratch, { recursive: true, force: true });
});

it('answers /brief through the postgres engine', async () => {
  replica = startReplica({ name: 'pg', databaseUrl: db.url, apiUrl: double.apiUrl, scratch, env: { SEARCH_ENGINE: 'postgres' } });
  await replica.port;
  const { lines } = replica;
  expect(lines.find((l) => l.msg === 'postgres search ready')).toMatchObject({ articles: 1 });
  expect(lines.filter((l) => l.msg === 'search thread ready')).toEqual([]);
  // No index of its own: the table's articles are never loaded into this process.
  expect(lines.filter((l) => /index loaded/.test(String(l.msg)))).toEqual([]);
  const body = form({ team_id: 'T0DOUBLE', channel_id: 'C0CHANNEL1', user_id: 'U0ALICE', command: '/brief', text: 'zebra crossing', response_url: double.responseUrl('pg-1'), trigger_id: 'trigger-pg-1' });
  expect((await postSigned(await urlOf(replica, '/slack/events'), body, { secret: TEST_SECRETS.SLACK_SIGNING_SECRET })).status).toBe(200);
  const answer = await double.waitFor(() => double.responses.find((r) => r.id === 'pg-1'), 'the brief', 15_000);
  expect(JSON.stringify(answer.body)).toContain('Zebra crossings repainted in Kabul');
}, 90_000);

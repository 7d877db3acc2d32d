/**
 * PostgreSQL away for 10 s under two `npm start` replicas (a TCP proxy in front of it stops, closing
 * every connection and refusing new ones): briefs keep coming, no replica dies, /healthz says so, and
 * a change asked for meanwhile is refused in so many words, then made once the user asks again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { eventually, health, killReplicas, leaderOf, startReplica, urlOf, type Replica } from '../support/replicas.js';
import { form, postSigned } from '../support/sign.js';
import { SlackDouble, TEAM_ID } from '../support/slack-double.js';
import { TEST_SECRETS } from '../support/slack-fixtures.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const OUTAGE_MS = 10_000;

let db: TestDatabase;
let double: SlackDouble;
let proxy: TcpProxy;
const scratch = mkdtempSync(path.join(tmpdir(), 'brief-outage-'));
let replicas: Replica[] = [];

beforeAll(async () => {
  [db, double] = await Promise.all([createTestDatabase(), SlackDouble.start()]);
  proxy = await TcpProxy.start(Number(new URL(db.url).port));
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  replicas = ['e', 'f'].map((name) => startReplica({ name, databaseUrl: viaProxy.toString(), apiUrl: double.apiUrl, scratch }));
  await Promise.all(replicas.map((r) => r.port));
}, 60_000);

afterAll(async () => {
  await killReplicas(replicas);
  await proxy?.close();
  await double?.close();
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

let sent = 0;
/** Sends `/brief <text>` to a replica, checks the ack, and returns the text of its answer at the response_url. */
async function command(replica: Replica, text: string): Promise<string> {
  sent += 1;
  const id = `outage-${sent}`;
  const body = form({ team_id: TEAM_ID, channel_id: 'C0CHANNEL1', user_id: 'U0ALICE', command: '/brief', text, response_url: double.responseUrl(id), trigger_id: `trigger-${id}` });
  const acked = await postSigned(await urlOf(replica, '/slack/events'), body, { secret: TEST_SECRETS.SLACK_SIGNING_SECRET });
  expect(acked.status).toBe(200);
  const answer = await double.waitFor(() => double.responses.find((r) => r.id === id), `the answer to "/brief ${text}" from ${replica.name}`, 15_000);
  return String(answer.body.text);
}

describe('two replicas while PostgreSQL is away for 10 s', () => {
  it('briefs keep answering, /healthz says unreachable then ok, changes are refused clearly and made when asked again', async () => {
    const [e, f] = replicas as [Replica, Replica];
    await leaderOf(replicas);
    await eventually(async () => (await Promise.all(replicas.map(health))).every((h) => h.database === 'ok' && h.articles === 6), 'both replicas up with the database', 30);

    proxy.stop();
    const until = Date.now() + OUTAGE_MS;
    await eventually(async () => (await Promise.all(replicas.map(health))).every((h) => h.database === 'unreachable'), 'both replicas to report the database unreachable', 15);
    // Changes asked for while it is away: each is refused with a message that says so.
    const subscribe = await command(e, 'subscribe taliban at 07:30');
    const alert = await command(f, 'alert taliban revenue');
    for (const answer of [subscribe, alert]) expect(answer).toMatch(/could not reach its database just now, so this was not done and nothing was saved/);
    // Briefs are answered, by both, for the whole outage.
    let briefs = 0;
    while (Date.now() < until) {
      const answer = await command(replicas[briefs % 2]!, 'taliban');
      expect(answer).toMatch(/taliban/i);
      briefs += 1;
      await new Promise((resolve) => setTimeout(resolve, 100)); // a user's pace, not a wait for an outcome
    }
    expect(briefs).toBeGreaterThanOrEqual(10);

    proxy.restore();
    await eventually(async () => (await Promise.all(replicas.map(health))).every((h) => h.database === 'ok'), 'both replicas to reach the database again', 30);
    await leaderOf(replicas);
    for (const r of replicas) expect(r.child.exitCode).toBeNull();

    // Nothing was saved meanwhile; asked again, each change is made once.
    expect(await command(f, 'subscriptions')).toBe('This channel has no subscriptions.');
    expect(await command(e, 'alerts')).toBe('This channel has no alerts.');
    expect(await command(e, 'subscribe taliban at 07:30')).toMatch(/taliban/);
    expect(await command(f, 'alert taliban revenue')).toMatch(/taliban revenue/);
    expect(await command(f, 'subscriptions')).toBe('This channel has 1 subscription.');
    expect(await command(e, 'alerts')).toBe('This channel has 1 alert.');
  }, 90_000);
});

/**
 * Two `npm start` replicas (HTTP mode, one DATABASE_URL) as child processes: one leads, and only it
 * starts the digest scheduler and the feed poller; killed with SIGKILL, the other takes over.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { eventually, health, killReplicas, startReplica as start, type Replica } from '../support/replicas.js';
import { form, postSigned } from '../support/sign.js';
import { SlackDouble } from '../support/slack-double.js';
import { TEST_SECRETS } from '../support/slack-fixtures.js';
import { TcpProxy } from '../support/tcp-proxy.js';

let db: TestDatabase;
let double: SlackDouble;
const scratch = mkdtempSync(path.join(tmpdir(), 'brief-replicas-'));
const replicas: Replica[] = [];
beforeAll(async () => {
  [db, double] = await Promise.all([createTestDatabase(), SlackDouble.start()]);
});
afterAll(async () => {
  await killReplicas(replicas);
  await double.close();
  await db.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function startReplica(name: string, databaseUrl = db.url): Replica {
  const replica = start({ name, databaseUrl, apiUrl: double.apiUrl, scratch });
  replicas.push(replica);
  return replica;
}

describe('replicas of npm start sharing one PostgreSQL', () => {
  it('one leads and alone runs the scheduler; after kill -9 the other leads within 30 s', async () => {
    const replicas = [startReplica('a'), startReplica('b')];
    await Promise.all(replicas.map((r) => r.port));
    await eventually(async () => (await Promise.all(replicas.map(health))).map((h) => h.role).sort().join() === 'follower,leader', 'one leader and one follower', 30);
    const roles = await Promise.all(replicas.map(health));
    // The articles come from the table, which the leader fills from the corpus folder.
    await eventually(async () => (await Promise.all(replicas.map(health))).every((h) => h.articles === 6), 'both replicas to hold the imported corpus', 30);
    const leader = replicas[roles.findIndex((h) => h.role === 'leader')]!;
    const follower = replicas.find((r) => r !== leader)!;
    const duties = (r: Replica) => r.lines.filter((l) => l.msg === 'leader duties started: feeds, digests and alerts').length;
    // /healthz says follower until a replica has joined the election, so wait for its start-up line.
    await eventually(async () => follower.lines.some((l) => l.msg === 'digests, feeds, alerts and the corpus import wait for leadership'), 'the follower to start without leader duties', 30);
    await eventually(async () => duties(leader) === 1, 'the leader to start its duties', 30);
    expect(duties(follower)).toBe(0);

    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    await eventually(async () => (await health(follower)).role === 'leader', 'the follower to take over', 30);
    await eventually(async () => duties(follower) === 1, 'the new leader to start its duties', 30);
    console.info(`takeover of npm start replicas after kill -9: ${Date.now() - killedAt} ms`);
  }, 120_000);

  it('a replica that loses the database says so in /healthz, keeps answering briefs, and leads again when it returns', async () => {
    const own = await createTestDatabase();
    const proxy = await TcpProxy.start(Number(new URL(own.url).port));
    try {
      const viaProxy = new URL(own.url);
      viaProxy.port = String(proxy.port);
      const replica = startReplica('c', viaProxy.toString());
      await eventually(async () => (await health(replica)).articles === 6, 'the lone replica to lead and import the corpus', 30);
      expect(await health(replica)).toMatchObject({ database: 'ok', role: 'leader' });

      proxy.stop();
      await eventually(async () => (await health(replica)).database === 'unreachable', '/healthz to report the database unreachable', 30);
      expect(await health(replica)).toMatchObject({ role: 'follower', articles: 6 });
      const body = form({ team_id: 'T0DOUBLE', channel_id: 'C0CHANNEL1', user_id: 'U0ALICE', command: '/brief', text: 'taliban', response_url: double.responseUrl('outage-1'), trigger_id: 'trigger-outage-1' });
      const acked = await postSigned(`http://127.0.0.1:${await replica.port}/slack/events`, body, { secret: TEST_SECRETS.SLACK_SIGNING_SECRET });
      expect(acked.status).toBe(200);
      const answer = await double.waitFor(() => double.responses.find((r) => r.id === 'outage-1'), 'the brief during the outage');
      expect(JSON.stringify(answer.body)).toMatch(/taliban/i);

      proxy.restore();
      await eventually(async () => {
        const h = await health(replica);
        return h.database === 'ok' && h.role === 'leader';
      }, 'the replica to reconnect and lead again', 30);
      expect(replica.child.exitCode).toBeNull();
    } finally {
      await proxy.close();
      await own.drop();
    }
  }, 120_000);
});

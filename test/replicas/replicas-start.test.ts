/**
 * Two `npm start` replicas (HTTP mode, one DATABASE_URL) as child processes: one leads, and only it
 * starts the digest scheduler and the feed poller; killed with SIGKILL, the other takes over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT } from '../support/paths.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { form, postSigned } from '../support/sign.js';
import { SlackDouble } from '../support/slack-double.js';
import { TEST_SECRETS } from '../support/slack-fixtures.js';
import { TcpProxy } from '../support/tcp-proxy.js';

interface Replica {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  port: Promise<number>;
}

let db: TestDatabase;
let double: SlackDouble;
const scratch = mkdtempSync(path.join(tmpdir(), 'brief-replicas-'));
const children: ChildProcess[] = [];
beforeAll(async () => {
  [db, double] = await Promise.all([createTestDatabase(), SlackDouble.start()]);
  writeFileSync(path.join(scratch, '.env'), '');
});
afterAll(async () => {
  await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((resolve) => (c.once('exit', resolve), c.kill('SIGKILL')))));
  await double.close();
  await db.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function startReplica(name: string, databaseUrl = db.url): Replica {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    DOTENV_CONFIG_PATH: path.join(scratch, '.env'),
    SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SECRETS.SLACK_SIGNING_SECRET,
    SLACK_API_URL: double.apiUrl,
    PORT: '0',
    CORPUS_DIR: CORPUS,
    DATABASE_PATH: path.join(scratch, name, 'brief.db'), // the snapshot's folder; the state is in PostgreSQL
    DATABASE_URL: databaseUrl,
    DIGEST_CHANNELS: 'C0123456789',
  };
  // node with tsx's loader, not the tsx CLI: SIGKILL must reach the replica itself
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const port = new Promise<number>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (entry.msg === 'listening for Slack') resolve(entry.port as number);
    });
  });
  return { child, lines, port };
}

async function health(replica: Replica): Promise<Record<string, unknown>> {
  return (await (await fetch(`http://127.0.0.1:${await replica.port}/healthz`)).json()) as Record<string, unknown>;
}

/** Polls until `check` holds (the replicas work on their own clocks), or fails after `seconds`. */
async function eventually(check: () => Promise<boolean>, what: string, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

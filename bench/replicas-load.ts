/**
 * Brief as replicas under load: `npm start` processes (src/main.ts in HTTP mode, each with its own
 * port and folder) answering signed `/brief` slash commands from autocannon, the Slack double in a
 * process of its own. Three setups in one run, under the same loads: one replica on SQLite (the
 * default: one process, no balancer), one on PostgreSQL behind the balancer, and three on PostgreSQL
 * behind the balancer (test/support/load-balancer.ts, also a process of its own). The machine's
 * cores are shared by all of them, so three replicas are not expected to be faster: what this shows
 * is what the shared state (PostgreSQL, the balancer's hop) costs an ack and a brief.
 *
 * The ack is the HTTP answer; a brief's latency runs from sending its command to its brief arriving
 * at the response_url. PostgreSQL is BENCH_DATABASE_URL (a superuser URL: a database is created per
 * setup) or a throw-away cluster, as the tests start one.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import pg from 'pg';
import { BalancerProcess } from '../test/support/load-balancer.js';
import { freePort, startTestCluster, type TestCluster } from '../test/support/postgres-cluster.js';
import { health, startReplica, type Replica } from '../test/support/replicas.js';
import { TEAM_ID } from '../test/support/slack-double.js';
import { signature } from '../test/support/sign.js';
import { RemoteDouble, runLoad, SECRET, type Load, type LoadFigures } from './http-load.js';
import type { BenchQuery } from './queries.js';
import { round, summarizeLatencies } from './stats.js';

/** One setup of replicas. */
export interface ReplicaSetup {
  replicas: number;
  database: 'sqlite' | 'postgres';
  balancer: boolean;
}

/** The setups measured, in this order. */
export const REPLICA_SETUPS: readonly ReplicaSetup[] = [
  { replicas: 1, database: 'sqlite', balancer: false },
  { replicas: 1, database: 'postgres', balancer: true },
  { replicas: 3, database: 'postgres', balancer: true },
];

/**
 * The loads each setup gets: a closed loop of 50 connections (as fast as acks come back), then 200
 * connections paced at 20 requests/s, below what one replica on two shared cores answers, so the
 * paced rows compare what a request costs rather than how a queue grows.
 */
export const REPLICA_LOADS: readonly Load[] = [{ connections: 50 }, { connections: 200, rate: 20 }];

/** A load's figures (as {@link LoadFigures}, without the search mode) for one setup, with brief latency. */
export interface ReplicaFigures extends ReplicaSetup, Omit<LoadFigures, 'service'> {
  /** `3 × PostgreSQL + balancer` */
  setup: string;
  /** From sending a command to its brief at the response_url, ms. */
  briefP50: number;
  briefP99: number;
  /** From starting the replicas to every one serving the whole corpus, s. */
  readyS: number;
}

/**
 * Runs every setup over the corpus (`articles` of them; the snapshot at `snapshotFile`, when there
 * is one, is copied beside each replica so it starts warm) and returns one row per setup and load.
 */
export async function replicasLoad(corpusDir: string, snapshotFile: string, articles: number, queries: readonly BenchQuery[], requestsPerConnection: number, drainTimeoutS: number): Promise<ReplicaFigures[]> {
  const double = await RemoteDouble.start();
  const given = process.env.BENCH_DATABASE_URL?.trim();
  let cluster: TestCluster | undefined;
  const scratch = mkdtempSync(path.join(tmpdir(), 'brief-bench-replicas-'));
  const out: ReplicaFigures[] = [];
  let seq = 0;
  try {
    if (given === undefined || given === '') cluster = await startTestCluster();
    const adminUrl = cluster?.adminUrl ?? given!;
    for (const [i, setup] of REPLICA_SETUPS.entries()) {
      const databaseUrl = setup.database === 'postgres' ? await createDatabase(adminUrl, `brief_bench_${process.pid}_${i}`) : undefined;
      const started = performance.now();
      const replicas: Replica[] = [];
      for (let n = 0; n < setup.replicas; n++) {
        const name = `setup${i}-${n}`;
        mkdirSync(path.join(scratch, name), { recursive: true });
        if (existsSync(snapshotFile)) copyFileSync(snapshotFile, path.join(scratch, name, 'index.bin'));
        const env = { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-1111-2222-benchbottoken', DIGEST_CHANNELS: '', LOG_LEVEL: 'info' };
        // The log goes to a file, as in production: a pipe this busy process reads late would block it.
        const logTo = { file: path.join(scratch, name, 'log.jsonl'), port: await freePort() };
        replicas.push(startReplica({ name, ...(databaseUrl === undefined ? {} : { databaseUrl }), apiUrl: double.apiUrl, scratch, corpusDir, env, logTo }));
      }
      let balancer: BalancerProcess | undefined;
      try {
        const ports = await Promise.all(replicas.map((r) => r.port));
        await serving(replicas, articles, 900);
        const readyS = round((performance.now() - started) / 1000);
        balancer = setup.balancer ? await BalancerProcess.start(ports) : undefined;
        const url = balancer?.url('/slack/events') ?? `http://127.0.0.1:${ports[0]}/slack/events`;
        const sent = new Map<string, number>();
        const signed = (request: autocannon.Request): autocannon.Request => {
          seq += 1;
          const id = `replicas-${seq}`;
          const q = queries[seq % queries.length]!;
          const text = new URLSearchParams({
            token: 'legacy', team_id: TEAM_ID, team_domain: 'double', channel_id: 'C0CHANNEL1', channel_name: 'news',
            user_id: `U${seq % 500}`, user_name: 'bench', command: '/brief', text: q.text, api_app_id: 'A0001',
            response_url: double.responseUrl(id), trigger_id: `trigger-${seq}`,
          }).toString();
          const ts = Math.floor(Date.now() / 1000);
          sent.set(id, performance.timeOrigin + performance.now());
          return { ...request, body: text, headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(SECRET, ts, text) } };
        };
        // Warm up: a few briefs through the whole path.
        await runLoad(url, { connections: 10 }, 5, signed, double, () => seq, drainTimeoutS);
        for (const load of REPLICA_LOADS) {
          sent.clear();
          const figures = await runLoad(url, load, requestsPerConnection, signed, double, () => seq, drainTimeoutS);
          const times = await double.times();
          const brief = summarizeLatencies([...sent].flatMap(([id, at]) => (times.has(id) ? [times.get(id)! - at] : [])));
          const label = `${setup.replicas} × ${setup.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}${setup.balancer ? ' + balancer' : ''}`;
          out.push({ ...setup, setup: label, ...figures, briefP50: brief.p50, briefP99: brief.p99, readyS });
        }
      } finally {
        await balancer?.close();
        await stopReplicas(replicas);
      }
    }
    return out;
  } finally {
    await double.close();
    cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Waits until every replica's /healthz counts the whole corpus. */
async function serving(replicas: readonly Replica[], articles: number, timeoutS: number): Promise<void> {
  const deadline = performance.now() + timeoutS * 1000;
  for (;;) {
    const counts = await Promise.all(replicas.map((r) => health(r).then((h) => h.articles as number, () => -1)));
    if (counts.every((n) => n >= articles)) return;
    if (performance.now() > deadline) throw new Error(`replicas not serving ${articles} articles after ${timeoutS} s (they have ${counts.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM (they drain), then SIGKILL whatever has not ended after 20 s. */
async function stopReplicas(replicas: readonly Replica[]): Promise<void> {
  await Promise.all(
    replicas.map(async (r) => {
      if (r.child.exitCode !== null || r.child.signalCode !== null) return;
      r.child.kill('SIGTERM');
      const timer = setTimeout(() => r.child.kill('SIGKILL'), 20_000);
      await r.exited;
      clearTimeout(timer);
    }),
  );
}

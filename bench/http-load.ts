/**
 * HTTP mode under load: the Brief Slack app (bench/http-app.ts, its own process) against the tests'
 * loopback Slack double (here), signed `/brief` slash commands sent by autocannon at 50 and 200
 * concurrent connections. The ack is the HTTP response; each brief then arrives at its response_url.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { TEAM_ID } from '../test/support/slack-double.js';
import { signature } from '../test/support/sign.js';
import type { BenchQuery } from './queries.js';
import { round } from './stats.js';

export const SECRET = 'bench-signing-secret-5555';

export interface LoadFigures {
  service: 'worker' | 'in-process' | 'noop';
  connections: number;
  /** Requests per second across all connections, when paced; absent for a closed loop (as fast as acks come back). */
  rate?: number;
  requests: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  /** Acks per second while the load ran. */
  throughput: number;
  /** Connection errors (timeouts included: autocannon counts them in `errors`) and non-2xx answers. */
  errors: number;
  /** Briefs that reached their response_url by the end of the drain wait. */
  delivered: number;
  /** Block Kit or limit problems the double found in the briefs it received. */
  problems: number;
  /** Seconds from the end of the load to the last brief delivered (or to the wait's end). */
  drainS: number;
}

/**
 * Starts the app with the given service over a corpus (its snapshot already saved), then runs each
 * load. `requestsPerConnection` requests per connection (closed loop: each connection waits for its ack).
 */
export async function httpLoad(
  service: 'worker' | 'in-process' | 'noop',
  corpusDir: string,
  snapshotPath: string,
  queries: readonly BenchQuery[],
  loads: readonly Load[],
  requestsPerConnection: number,
  drainTimeoutS: number,
): Promise<{ readyMs: number; loads: LoadFigures[] }> {
  const double = await RemoteDouble.start();
  // BENCH_APP_NODE_ARGS adds Node flags to the app's process (for example --cpu-prof to profile it under load).
  const extra = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', ...extra, 'bench/http-app.ts', service, corpusDir, snapshotPath, double.apiUrl, SECRET], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the app exited (code ${code}) before listening`)));
    });
    const { port, readyMs } = JSON.parse(first) as { port: number; readyMs: number };
    const url = `http://127.0.0.1:${port}/slack/events`;
    let seq = 0;
    const body = () => {
      seq += 1;
      const q = queries[seq % queries.length]!;
      return new URLSearchParams({
        token: 'legacy', team_id: TEAM_ID, team_domain: 'double', channel_id: 'C0CHANNEL1', channel_name: 'news',
        user_id: `U${seq % 500}`, user_name: 'bench', command: '/brief', text: q.text, api_app_id: 'A0001',
        response_url: double.responseUrl(`load-${seq}`), trigger_id: `trigger-${seq}`,
      }).toString();
    };
    const signed = (request: autocannon.Request): autocannon.Request => {
      const text = body();
      const ts = Math.floor(Date.now() / 1000);
      return { ...request, body: text, headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(SECRET, ts, text) } };
    };
    // Warm up: a few briefs through the whole path.
    await run(url, 10, 50, signed);
    await waitForDrain(double, seq, drainTimeoutS);
    const out: LoadFigures[] = [];
    for (const load of loads) out.push({ service, ...(await runLoad(url, load, requestsPerConnection, signed, double, () => seq, drainTimeoutS)) });
    return { readyMs, loads: out };
  } finally {
    child.kill('SIGTERM');
    await double.close();
  }
}

/**
 * Runs one load against `url` (closed loop: `requestsPerConnection` a connection; paced: for
 * {@link PACED_SECONDS}), then waits for its briefs at the double. `sent` counts the requests
 * `signed` built so far.
 */
export async function runLoad(url: string, { connections, rate }: Load, requestsPerConnection: number, signed: (r: autocannon.Request) => autocannon.Request, double: RemoteDouble, sent: () => number, drainTimeoutS: number): Promise<Omit<LoadFigures, 'service'>> {
  const before = await double.count();
  const sentBefore = sent();
  const result = await run(url, connections, rate === undefined ? connections * requestsPerConnection : rate * PACED_SECONDS, signed, rate);
  const ended = performance.now();
  const delivered = await waitForDrain(double, before.responses + (sent() - sentBefore), drainTimeoutS);
  return {
    connections,
    ...(rate === undefined ? {} : { rate }),
    requests: result.requests.sent,
    ackP50: result.latency.p50,
    ackP99: result.latency.p99,
    ackMax: result.latency.max,
    throughput: round(result.requests.average, 0),
    errors: result.errors + result.non2xx,
    delivered: delivered.count - before.responses,
    problems: delivered.problems - before.problems,
    drainS: round((delivered.at - ended) / 1000),
  };
}

/** One load: `connections` open at once; paced at `rate` requests per second overall, or a closed loop. */
export interface Load {
  connections: number;
  rate?: number;
}

/** The loads of the benchmark: closed loops at 50 and 200 connections, then 200 users paced at 100 requests/s. */
export const LOADS: readonly Load[] = [{ connections: 50 }, { connections: 200 }, { connections: 200, rate: 100 }];

/** How long a paced load runs. */
const PACED_SECONDS = 10;

function run(url: string, connections: number, amount: number, setupRequest: (r: autocannon.Request) => autocannon.Request, rate?: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, method: 'POST', connections, amount, timeout: 10, ...(rate === undefined ? {} : { overallRate: rate }), requests: [{ method: 'POST', setupRequest }] }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function waitForDrain(double: RemoteDouble, count: number, timeoutS: number): Promise<{ count: number; problems: number; at: number }> {
  const deadline = performance.now() + timeoutS * 1000;
  let now = await double.count();
  let lastAt = performance.now();
  while (now.responses < count && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const next = await double.count();
    if (next.responses !== now.responses) lastAt = performance.now();
    now = next;
  }
  return { count: now.responses, problems: now.problems, at: now.responses >= count ? performance.now() : lastAt };
}

/** The Slack double running in its own process (bench/double-server.ts). */
export class RemoteDouble {
  private constructor(
    private readonly child: ChildProcess,
    readonly apiUrl: string,
    private readonly baseUrl: string,
  ) {}

  static async start(): Promise<RemoteDouble> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/double-server.ts'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<{ apiUrl: string; baseUrl: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { apiUrl: string; baseUrl: string }));
      child.once('exit', (code) => reject(new Error(`the Slack double exited (code ${code})`)));
    });
    return new RemoteDouble(child, ready.apiUrl, ready.baseUrl);
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  count(): Promise<{ responses: number; problems: number }> {
    return new Promise((resolve) => {
      const on = (m: { type: string; responses: number; problems: number }) => {
        if (m.type !== 'count') return;
        this.child.off('message', on);
        resolve({ responses: m.responses, problems: m.problems });
      };
      this.child.on('message', on);
      this.child.send({ type: 'count' });
    });
  }

  /** When each response_url post arrived, by its id (ms since the epoch). */
  times(): Promise<Map<string, number>> {
    return new Promise((resolve) => {
      const on = (m: { type: string; times?: [string, number][] }) => {
        if (m.type !== 'times') return;
        this.child.off('message', on);
        resolve(new Map(m.times));
      };
      this.child.on('message', on);
      this.child.send({ type: 'times' });
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'close' });
    await exited;
  }
}

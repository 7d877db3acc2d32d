/**
 * HTTP mode under load: the Brief Slack app (bench/http-app.ts, its own process) against the tests'
 * loopback Slack double (here), signed `/brief` slash commands sent by autocannon at 50 and 200
 * concurrent connections. The ack is the HTTP response; each brief then arrives at its response_url.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { SlackDouble, TEAM_ID } from '../test/support/slack-double.js';
import { signature } from '../test/support/sign.js';
import type { BenchQuery } from './queries.js';
import { round } from './stats.js';

const SECRET = 'bench-signing-secret-5555';

export interface LoadFigures {
  service: 'worker' | 'in-process';
  connections: number;
  requests: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  /** Acks per second while the load ran. */
  throughput: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** Briefs that reached their response_url by the end of the drain wait. */
  delivered: number;
  /** Seconds from the end of the load to the last brief delivered (or to the wait's end). */
  drainS: number;
}

/**
 * Starts the app with the given service over a corpus (its snapshot already saved), then runs each
 * load. `requestsPerConnection` requests per connection (closed loop: each connection waits for its ack).
 */
export async function httpLoad(
  service: 'worker' | 'in-process',
  corpusDir: string,
  snapshotPath: string,
  queries: readonly BenchQuery[],
  loads: readonly number[],
  requestsPerConnection: number,
  drainTimeoutS: number,
): Promise<{ readyMs: number; loads: LoadFigures[] }> {
  const double = await SlackDouble.start();
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
    for (const connections of loads) {
      const before = double.responses.length;
      const sentBefore = seq;
      const result = await run(url, connections, connections * requestsPerConnection, signed);
      const ended = performance.now();
      const expected = seq - sentBefore;
      const delivered = await waitForDrain(double, before + expected, drainTimeoutS);
      out.push({
        service,
        connections,
        requests: result.requests.sent,
        ackP50: result.latency.p50,
        ackP99: result.latency.p99,
        ackMax: result.latency.max,
        throughput: round(result.requests.average, 0),
        errors: result.errors + result.timeouts + result.non2xx,
        delivered: delivered.count - before,
        drainS: round((delivered.at - ended) / 1000),
      });
    }
    return { readyMs, loads: out };
  } finally {
    child.kill('SIGTERM');
    await double.close();
  }
}

function run(url: string, connections: number, amount: number, setupRequest: (r: autocannon.Request) => autocannon.Request): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, method: 'POST', connections, amount, timeout: 10, requests: [{ method: 'POST', setupRequest }] }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function waitForDrain(double: SlackDouble, count: number, timeoutS: number): Promise<{ count: number; at: number }> {
  const deadline = performance.now() + timeoutS * 1000;
  let last = double.responses.length;
  let lastAt = performance.now();
  while (double.responses.length < count && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    if (double.responses.length !== last) {
      last = double.responses.length;
      lastAt = performance.now();
    }
  }
  return { count: double.responses.length, at: double.responses.length >= count ? performance.now() : lastAt };
}

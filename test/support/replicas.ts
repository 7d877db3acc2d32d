/**
 * `npm start` replicas as child processes for the replica tests: node with tsx's loader running
 * src/main.ts in HTTP mode (PORT=0, the port read from its 'listening for Slack' log line), one
 * DATABASE_URL, a Slack double as SLACK_API_URL. Each replica's JSON log lines are kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CORPUS, ROOT } from './paths.js';
import { TEST_SECRETS } from './slack-fixtures.js';

export interface ReplicaSettings {
  name: string;
  /** DATABASE_URL; without it the replica keeps its state in SQLite in its own folder (one process). */
  databaseUrl?: string;
  /** SLACK_API_URL: the double's Web API. */
  apiUrl: string;
  /** A folder of this test file's: each replica gets `<scratch>/<name>/` for its snapshot. */
  scratch: string;
  corpusDir?: string;
  /** More settings (DIGEST_TIME, LOG_LEVEL, …). */
  env?: Record<string, string>;
  /**
   * Writes the log to this file instead of a pipe to this process (a benchmark: a pipe the parent is
   * too busy to read blocks the replica's log writes); `port` is then required and `lines` stays empty.
   */
  logTo?: { file: string; port: number };
}

export interface Replica {
  name: string;
  child: ChildProcess;
  /** Every JSON log line so far. */
  lines: Record<string, unknown>[];
  /** Its HTTP port, once it listens. */
  port: Promise<number>;
  /** Resolves when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts one replica; the caller stops it (or {@link killReplicas} does). */
export function startReplica(settings: ReplicaSettings): Replica {
  const own = path.join(settings.scratch, settings.name);
  mkdirSync(own, { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    DOTENV_CONFIG_PATH: path.join(own, 'none.env'),
    SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SECRETS.SLACK_SIGNING_SECRET,
    SLACK_API_URL: settings.apiUrl,
    PORT: String(settings.logTo?.port ?? 0),
    CORPUS_DIR: settings.corpusDir ?? CORPUS,
    DATABASE_PATH: path.join(own, 'brief.db'), // the snapshot's folder (and the state, without DATABASE_URL)
    ...(settings.databaseUrl === undefined ? {} : { DATABASE_URL: settings.databaseUrl }),
    DIGEST_CHANNELS: 'C0123456789',
    ...settings.env,
  };
  // node with tsx's loader, not the tsx CLI: a signal must reach the replica itself
  const logFd = settings.logTo === undefined ? undefined : openSync(settings.logTo.file, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', logFd ?? 'pipe', 'inherit'] });
  if (logFd !== undefined) closeSync(logFd);
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = new Promise<number>((resolve, reject) => {
    void exited.then(({ code, signal }) => reject(new Error(`replica ${settings.name} exited (${signal ?? code}) before listening`)));
    const fixed = settings.logTo?.port;
    if (fixed !== undefined) return void listening(fixed, () => child.exitCode !== null || child.signalCode !== null).then(() => resolve(fixed));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { msg: line };
      }
      lines.push(entry);
      if (entry.msg === 'listening for Slack') resolve(entry.port as number);
    });
  });
  port.catch(() => undefined); // a test that never asks for the port still sees the exit
  return { name: settings.name, child, lines, port, exited };
}

/** Resolves once something answers `GET /healthz` on `port`, or `gone()`. */
async function listening(port: number, gone: () => boolean): Promise<void> {
  while (!gone()) {
    const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The replica's address for `pathname`. */
export async function urlOf(replica: Replica, pathname: string): Promise<string> {
  return `http://127.0.0.1:${await replica.port}${pathname}`;
}

/** The replica's `GET /healthz` answer. */
export async function health(replica: Replica): Promise<Record<string, unknown>> {
  return (await (await fetch(await urlOf(replica, '/healthz'))).json()) as Record<string, unknown>;
}

/** Polls until `check` holds (the replicas work on their own clocks), or fails after `seconds`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for a log line of the replica that `match` picks, and returns it. */
export async function lineOf(replica: Replica, match: (line: Record<string, unknown>) => boolean, what: string, seconds = 30): Promise<Record<string, unknown>> {
  await eventually(() => replica.lines.some(match), `${replica.name}: ${what}`, seconds);
  return replica.lines.find(match)!;
}

/** Waits until exactly one of the replicas leads (by /healthz) and returns it. */
export async function leaderOf(replicas: readonly Replica[], seconds = 30): Promise<Replica> {
  let leader: Replica | undefined;
  await eventually(
    async () => {
      const roles = await Promise.all(replicas.map((r) => (r.child.exitCode === null && r.child.signalCode === null ? health(r).then((h) => h.role) : 'gone')));
      const leaders = replicas.filter((_, i) => roles[i] === 'leader');
      leader = leaders.length === 1 ? leaders[0] : undefined;
      return leader !== undefined;
    },
    'one leader among the replicas',
    seconds,
  );
  return leader!;
}

/** Kills (SIGKILL) every replica still running and waits for each to end. */
export async function killReplicas(replicas: readonly Replica[]): Promise<void> {
  await Promise.all(
    replicas.map((r) => {
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
      return r.exited;
    }),
  );
}

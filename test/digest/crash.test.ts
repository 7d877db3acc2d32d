import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { DigestSlackDouble, type CallMatch } from '../support/digest-slack-double.js';
import { ROOT } from '../support/paths.js';
import { expectOneDigestWithThread, tempDir } from './helpers.js';

// `npm run digest` as a real child process (the real modules, the real Web API client) posts to the
// loopback Slack in this process. The program is bundled once with esbuild (the transform tsx applies
// to each module at each start; its packages stay in node_modules), so each of the 14 starts is cheaper. The double holds the call of one step unanswered; the test
// then kills the child with SIGKILL, restarts it, and counts what Slack holds. Each step has its own
// folder, database and Slack double, so the steps run at the same time.

const TITLES = ['Harbour reopens after storm', 'Central bank holds rates', 'Rail strike ends in the north', 'Vaccine approved for children', 'Drought eases across the plains'];

let bundleDir: string;
let digestProgram: string;
beforeAll(async () => {
  // Inside the project, so the bundle's imports of packages resolve to its node_modules.
  mkdirSync(path.join(ROOT, 'node_modules', '.cache'), { recursive: true });
  bundleDir = mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'brief-crash-'));
  digestProgram = path.join(bundleDir, 'digest.mjs');
  await build({ entryPoints: [path.join(ROOT, 'src/cli/digest.ts')], outfile: digestProgram, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

/** One step's world: a corpus folder and database of its own, a loopback Slack, and the child's environment. */
interface World {
  tmp: ReturnType<typeof tempDir>;
  slack: DigestSlackDouble;
  env: Record<string, string>;
}

async function world(): Promise<World> {
  const tmp = tempDir('brief-crash-');
  const corpus = path.join(tmp.dir, 'corpus');
  mkdirSync(corpus);
  TITLES.forEach((title, i) => {
    const body = `${title}, officials said on day ${i}, after weeks of uncertainty in the region.\n\nMore details about the ${title.toLowerCase()} are expected later this week, according to people familiar with it.`;
    writeFileSync(path.join(corpus, `story-${i}.md`), `---\ntitle: ${title}\nurl: https://news.example/${i}\nsource: Example News\npublished: 2026-03-2${i}\n---\n\n${body}\n`);
  });
  const slack = await new DigestSlackDouble().start();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: tmp.dir,
    DOTENV_CONFIG_PATH: path.join(tmp.dir, 'none.env'),
    CORPUS_DIR: corpus,
    DATABASE_PATH: path.join(tmp.dir, 'brief.db'),
    SLACK_BOT_TOKEN: 'xoxb-crash-test',
    SLACK_API_URL: slack.url,
    LOG_LEVEL: 'silent',
    DIGEST_TZ: zoneAtNoon(new Date()),
  };
  return { tmp, slack, env };
}

/**
 * A fixed-offset zone in which it is about noon now, so a kill and its restart a few seconds apart
 * always fall on the same local day (the digest's run key is per local day).
 */
function zoneAtNoon(now: Date): string {
  const offset = 12 - now.getUTCHours(); // -11 … +12
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** `npm run digest -- --channel C0NEWS` as a child process (the bundled program under node). */
function startDigest({ env }: World) {
  const child = spawn(process.execPath, [digestProgram, '--channel', 'C0NEWS'], { cwd: ROOT, env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ended = new Promise<Ended>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
  return { child, ended };
}

/** Starts the digest, waits until Slack holds the call `match` picks, and kills the child there. */
async function killAt(w: World, match: CallMatch, keep: boolean): Promise<void> {
  const held = w.slack.hold(match, { keep });
  const run = startDigest(w);
  await Promise.race([
    held,
    run.ended.then((e) => {
      throw new Error(`the digest ended before the step (exit ${e.code}): ${e.out}${e.err}`);
    }),
  ]);
  run.child.kill('SIGKILL');
  expect((await run.ended).signal).toBe('SIGKILL');
}

/** The one run in the database, its status and its parts' statuses. */
async function recorded({ env }: World) {
  const store = openSqliteStore(env.DATABASE_PATH!);
  try {
    const runs = await store.runs.recentRuns(10);
    expect(runs).toHaveLength(1);
    return { key: runs[0]!.key, status: runs[0]!.status, parts: (await store.runs.runParts(runs[0]!.key)).map((p) => p.status) };
  } finally {
    await store.close();
  }
}

const post = (_m: string, b: Record<string, unknown>) => _m === 'chat.postMessage' && b.thread_ts === undefined;
const reply = (_m: string, b: Record<string, unknown>) => _m === 'chat.postMessage' && b.thread_ts !== undefined;
const history = (m: string) => m === 'conversations.history';
const replies = (m: string) => m === 'conversations.replies';

interface Step {
  name: string;
  kills: { match: CallMatch; keep: boolean }[];
  /** The parts' statuses in the store after the kills. */
  atKill: string[];
  /** What the restarted digest says it did. */
  said: string;
}

const STEPS: Step[] = [
  { name: 'the headline is sent and Slack has not taken it', kills: [{ match: post, keep: false }], atKill: ['sending', 'pending'], said: 'posted' },
  { name: 'Slack took the headline and its answer never came back', kills: [{ match: post, keep: true }], atKill: ['sending', 'pending'], said: 'posted' },
  { name: 'the thread reply is sent and Slack has not taken it', kills: [{ match: reply, keep: false }], atKill: ['posted', 'sending'], said: 'posted' },
  { name: 'Slack took the thread reply and its answer never came back', kills: [{ match: reply, keep: true }], atKill: ['posted', 'sending'], said: 'had been posted already (found in Slack)' },
  {
    name: 'Slack took the headline, then again while the restart reads the history',
    kills: [{ match: post, keep: true }, { match: history, keep: false }],
    atKill: ['sending', 'pending'],
    said: 'posted',
  },
  {
    name: 'Slack took the thread reply, then again while the restart reads the replies',
    kills: [{ match: reply, keep: true }, { match: replies, keep: false }],
    atKill: ['posted', 'sending'],
    said: 'had been posted already (found in Slack)',
  },
];

describe('a digest with a thread, killed (SIGKILL) at each step of posting it', () => {
  it.concurrent.each(STEPS)('killed when $name: the restart leaves exactly one headline and one thread reply', async (step) => {
    const w = await world();
    try {
      for (const kill of step.kills) await killAt(w, kill.match, kill.keep);
      const atKill = await recorded(w);
      expect(atKill).toMatchObject({ status: 'posting', parts: step.atKill });

      const restarted = await startDigest(w).ended;
      expect(restarted).toMatchObject({ code: 0, out: `C0NEWS: ${step.said}\n` });
      const store = openSqliteStore(w.env.DATABASE_PATH!);
      try {
        await expectOneDigestWithThread(w.slack.messages, store, atKill.key);
      } finally {
        await store.close(); // the run is `posted`: a later run that day posts nothing (cli.test.ts)
      }
    } finally {
      await w.slack.close();
      w.tmp.remove();
    }
  }, 90_000);
});

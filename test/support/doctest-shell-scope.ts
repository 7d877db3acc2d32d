import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { App, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import Database from 'better-sqlite3';
import pino from 'pino';
import type pg from 'pg';
import { vi } from 'vitest';
import { inProcessBriefService } from '../../src/brief/brief-service.js';
import { readConfig, type Config } from '../../src/config/read-config.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { indexLookup } from '../../src/digest/pick-digest.js';
import { boltLogger } from '../../src/log/bolt-logger.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import type { AppState } from '../../src/slack/app-state.js';
import { memoryConversationStore } from '../../src/slack/conversation-store.js';
import type { AppDeps } from '../../src/slack/deps.js';
import { replyPoster } from '../../src/slack/post-reply.js';
import { openMigratedPool } from '../../src/store/pg-migrate.js';
import { migrate } from '../../src/store/sqlite-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/store.js';
import { FakeClock } from '../digest/fake-clock.js';
import { ArticleSite } from '../feeds/article-site.js';
import { FeedServer } from '../feeds/feed-server.js';
import { isCore, sourceFiles } from './layers.js';
import { CORPUS, ROOT } from './paths.js';
import { createTestDatabase, type TestDatabase } from './postgres-database.js';
import { NOW } from './seed.js';
import { eventCallbackBody, SlackDouble, TEAM_ID } from './slack-double.js';
import { TEST_SECRETS } from './slack-fixtures.js';
import { form, postSigned } from './sign.js';

/** The fixtures every shell example shares, and what one example gets fresh. */
export interface ShellScope {
  /** The names an example's code may use (fresh ones for `code` merged over the shared ones). */
  forExample(code: string): Promise<Record<string, unknown>>;
  /** Closes what the last `forExample` opened. */
  afterExample(): Promise<void>;
  /** Stops the Slack double, closes the pool, drops the database and removes the temp folder. */
  close(): Promise<void>;
}

/**
 * The shell's fixtures for TSDoc examples (README's Tests section lists the names). Shared by every
 * example: `dir` (a temp folder) with `corpusDir` (a copy of the seed corpus in it), `fixtureDir`
 * (test/fixtures: feeds, OPML, pages), `slack` (the loopback {@link SlackDouble}) and `client` (a real
 * WebClient pointed at it, no retries), `config` (HTTP mode on port 0 against the double, SQLite in
 * `dir`), `logger`/`log` (pino at debug whose lines are kept, parsed, in `logs`), the seed `index`,
 * `articles` and `lookup`, `until(check)` (waits, up to 5 s, for a check that something done in the
 * background has happened), Bolt's `App`, `HTTPReceiver` and `SocketModeReceiver`, `appToken` (a fake
 * `xapp-` token), `postSigned(url, body, { secret })` and `form(fields)` (test/support/sign.ts: a request
 * signed as Slack signs it), better-sqlite3's `Database`, `readFile`/`writeFile`/`rm` (node:fs/promises), every export of a shell module whose name no
 * other shell module exports (an example's own module's exports come first), and, started when an
 * example first names them, `pool` (migrated) and `databaseUrl` on a PostgreSQL test database of the
 * run, `feedServer` (test/feeds/feed-server.ts: fixture feeds with ETags on loopback) and `site`
 * (test/feeds/article-site.ts: a news site with robots.txt, teasers and article pages). Fresh for each
 * example: `clock` (a fake clock at `now`, moved by `clock.advanceTo`), `sleep` (the fake clock's),
 * `briefs` (the seed index in process, on `clock`), `io` (a CLI's outputs, whose writes are kept in
 * `io.out` and `io.err`), and, opened when the code names them, `stores`
 * (openStore on a new SQLite file), `db` (a new migrated better-sqlite3 database), and for the Slack
 * listeners `deps` (AppDeps on the seed index and `clock`), `state` (their AppState: memory
 * conversations, replies posted through `client`), `app` (a real Bolt App against the double with a
 * receiver that never listens), `deliver(body)` (hands a request body to `app` as a receiver would)
 * and `requests` (bodies of a slash command, a mention, a direct message, App Home opened, a button
 * press and an agent-pane thread started, each answered at the double).
 */
export async function shellScope(): Promise<ShellScope> {
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-doctest-'));
  const corpusDir = path.join(dir, 'corpus');
  cpSync(CORPUS, corpusDir, { recursive: true });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, destination);
  const slack = await SlackDouble.start();
  const client = new WebClient(TEST_SECRETS.SLACK_BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  const result = readConfig({
    SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SECRETS.SLACK_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_MODE: 'http',
    PORT: '0',
    CORPUS_DIR: corpusDir,
    DATABASE_PATH: path.join(dir, 'brief.db'),
  });
  if (result.config === undefined) throw new Error(JSON.stringify(result.problems));
  const config: Config = result.config;
  const articles = (await readCorpus(corpusDir)).articles;
  const index = buildIndex(articles);
  let database: TestDatabase | undefined;
  let feedServer: FeedServer | undefined;
  let site: ArticleSite | undefined;
  let pool: pg.Pool | undefined;
  let opened: { close(): unknown }[] = [];
  let count = 0;
  const shared = { ...(await shellExports()), until, App, HTTPReceiver, SocketModeReceiver, postSigned, form, appToken: TEST_SECRETS.SLACK_APP_TOKEN, Database, readFile, writeFile, rm, dir, corpusDir, fixtureDir: path.join(ROOT, 'test/fixtures'), slack, client, config, logger, log: logger, logs, index, articles, lookup: indexLookup(index) };
  return {
    async forExample(code) {
      const fresh: Record<string, unknown> = {};
      const clock = new FakeClock(NOW);
      fresh.clock = clock;
      fresh.sleep = (ms: number) => clock.sleep(ms);
      fresh.briefs = inProcessBriefService(index, () => clock.now());
      const out: string[] = [];
      const err: string[] = [];
      fresh.io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), out, err };
      count += 1;
      if (/\bstores\b/.test(code)) {
        const stores: Stores = await openStore({ databasePath: path.join(dir, `stores-${count}.db`) }, { clock });
        opened.push(stores);
        fresh.stores = stores;
      }
      if (/\bdb\b/.test(code)) {
        const db = new Database(path.join(dir, `db-${count}.db`));
        migrate(db);
        opened.push(db);
        fresh.db = db;
      }
      if (/\b(pool|databaseUrl)\b/.test(code)) {
        database ??= await createTestDatabase();
        pool ??= await openMigratedPool({ connectionString: database.url, max: 4 });
        fresh.pool = pool;
        fresh.databaseUrl = database.url;
      }
      if (/\b(state|app|deliver)\b/.test(code)) Object.assign(fresh, await listenerFixtures(config, index, clock, logger, client, slack, count));
      if (/\bfeedServer\b/.test(code)) fresh.feedServer = feedServer ??= await new FeedServer().start();
      if (/\bsite\b/.test(code)) fresh.site = site ??= await new ArticleSite().start();
      // What the fixtures themselves logged or sent (the App's auth.test) is not the example's.
      logs.length = 0;
      slack.calls.length = 0;
      slack.posted.length = 0;
      slack.responses.length = 0;
      return { ...shared, ...fresh };
    },
    async afterExample() {
      const closing = opened;
      opened = [];
      for (const o of closing) await o.close();
    },
    async close() {
      await pool?.end();
      await database?.drop();
      await slack.close();
      await feedServer?.close();
      await site?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A receiver that never listens: the example hands requests to the App itself. */
const IDLE_RECEIVER: Receiver = { init: () => undefined, start: async () => undefined, stop: async () => undefined };

/** The Slack listeners' fixtures for example `n` (see {@link shellScope}). */
async function listenerFixtures(config: Config, index: BriefIndex, clock: FakeClock, logger: pino.Logger, client: WebClient, slack: SlackDouble, n: number): Promise<Record<string, unknown>> {
  const conversations = memoryConversationStore(clock);
  const deps: AppDeps = { config, briefs: inProcessBriefService(index, () => clock.now()), logger, clock, conversations };
  const state: AppState = { conversations, postReply: replyPoster(client, { sleep: (ms) => clock.sleep(ms), now: () => clock.now() }), noRetry: client };
  const app = new App({ token: config.slack.botToken, receiver: IDLE_RECEIVER, logger: boltLogger(logger), clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }, deferInitialization: true });
  await app.init();
  const deliver = (body: Record<string, unknown>) => app.processEvent({ body, ack: async () => undefined });
  const id = (what: string) => `${what}-${n}`;
  const requests = {
    command: (text: string) => ({ command: '/brief', text, user_id: 'U1', channel_id: 'C1', team_id: TEAM_ID, response_url: slack.responseUrl(id('command')), trigger_id: id('trigger'), api_app_id: 'A0001', token: 'x' }),
    mention: (text: string) => eventCallbackBody({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, channel: 'C1', ts: '1764320400.000100', event_ts: '1764320400.000100' }, id('EvMention')),
    message: (text: string) => eventCallbackBody({ type: 'message', channel_type: 'im', user: 'U1', text, channel: 'D1', ts: '1764320400.000200', event_ts: '1764320400.000200' }, id('EvDm')),
    homeOpened: () => eventCallbackBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1764320400.000300' }, id('EvHome')),
    threadStarted: (channel: string) => eventCallbackBody({ type: 'assistant_thread_started', assistant_thread: { user_id: 'U1', channel_id: 'D1', thread_ts: '1764320400.000400', context: { channel_id: channel, team_id: TEAM_ID } }, event_ts: '1764320400.000400' }, id('EvPane')),
    press: (type: string, actionId: string, value: string) => ({
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'double' },
      user: { id: 'U1', username: 'u1', team_id: TEAM_ID },
      api_app_id: 'A0001',
      token: 'x',
      container: { type: 'message', message_ts: '1764320400.000500', channel_id: 'C1', is_ephemeral: true },
      trigger_id: id('trigger'),
      channel: { id: 'C1', name: 'news' },
      response_url: slack.responseUrl(id('press')),
      actions: [{ type, block_id: 'b', action_id: actionId, text: { type: 'plain_text', text: 'x' }, value, action_ts: '1764320401.000000' }],
    }),
  };
  return { deps, state, app, deliver, requests };
}

/** Resolves once `check` answers true (polled; fails after 5 s). */
function until(check: () => boolean | Promise<boolean>): Promise<void> {
  return vi.waitFor(async () => {
    if (!(await check())) throw new Error('the awaited condition never held');
  }, { timeout: 5000, interval: 5 });
}

/** The shell modules an example may not load: the program and the search thread's entry run at import. */
const ENTRY_POINTS = new Set(['main.ts', 'search-thread/brief-worker.ts']);

/** Every export of the shell whose name is exported by one shell module only. */
async function shellExports(): Promise<Record<string, unknown>> {
  const src = path.join(ROOT, 'src');
  const found = new Map<string, unknown[]>();
  for (const file of sourceFiles(src).filter((f) => !isCore(f) && !ENTRY_POINTS.has(f))) {
    for (const [name, value] of Object.entries((await import(path.join(src, file))) as Record<string, unknown>)) found.set(name, [...(found.get(name) ?? []), value]);
  }
  return Object.fromEntries([...found].filter(([, values]) => new Set(values).size === 1).map(([name, values]) => [name, values[0]]));
}

/**
 * Issue 11's articles acceptance, with real processes: two `npm start` replicas (HTTP mode, one
 * DATABASE_URL, a temp copy of the corpus folder) and one feed on a loopback server. Each feed item
 * is stored once, in the articles table and not as a file; a corpus file added, edited and deleted in
 * the leader's folder reaches both replicas' briefs within 5 s; a replica stopped and restarted
 * meanwhile catches up.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer } from '../feeds/feed-server.js';
import { CORPUS } from '../support/paths.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { form, postSigned } from '../support/sign.js';
import { SlackDouble } from '../support/slack-double.js';
import { TEST_SECRETS } from '../support/slack-fixtures.js';
import { health, killReplicas, startReplica as startNpmReplica, type Replica } from '../support/replicas.js';

let db: TestDatabase;
let double: SlackDouble;
let feeds: FeedServer;
let pool: pg.Pool;
const scratch = mkdtempSync(path.join(tmpdir(), 'brief-articles-'));
const corpus = path.join(scratch, 'corpus');
const started: Replica[] = [];
beforeAll(async () => {
  [db, double, feeds] = await Promise.all([createTestDatabase(), SlackDouble.start(), new FeedServer().start()]);
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on('error', () => undefined);
  cpSync(CORPUS, corpus, { recursive: true });
});
afterAll(async () => {
  await killReplicas(started);
  await pool.end();
  await Promise.all([double.close(), feeds.close()]);
  await db.drop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A replica on the shared corpus folder (as a shared volume: the leader imports it) and the loopback feed. */
function startReplica(name: string): Replica {
  const replica = startNpmReplica({ name, databaseUrl: db.url, apiUrl: double.apiUrl, scratch, corpusDir: corpus, env: { FEEDS: `${feeds.base}/world.rss`, FETCH_ALLOW_HOSTS: '127.0.0.1', FULL_TEXT: 'off' } });
  started.push(replica);
  return replica;
}

/** Polls until `check` holds, or fails after `ms`; returns how long it took. */
async function within(ms: number, what: string, check: () => Promise<boolean>, from = Date.now()): Promise<number> {
  const deadline = from + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - from;
}

let asked = 0;
/** What a replica answers to `/brief <text>`, as the JSON Slack received at the response_url. */
async function brief(replica: Replica, text: string): Promise<string> {
  const id = `articles-${++asked}`;
  const body = form({ team_id: 'T0DOUBLE', channel_id: 'C0CHANNEL1', user_id: 'U0ALICE', command: '/brief', text, response_url: double.responseUrl(id), trigger_id: `trigger-${id}` });
  const acked = await postSigned(`http://127.0.0.1:${await replica.port}/slack/events`, body, { secret: TEST_SECRETS.SLACK_SIGNING_SECRET });
  expect(acked.status).toBe(200);
  const answer = await double.waitFor(() => double.responses.find((r) => r.id === id), `the brief ${id}`);
  return JSON.stringify(answer.body);
}

/** Both replicas' briefs for `query` satisfy `check` within 5 s of `from`; the time each took. */
async function bothWithin5s(replicas: readonly Replica[], query: string, check: (answer: string) => boolean, what: string, from: number): Promise<number[]> {
  return Promise.all(replicas.map((r) => within(5000, `${what} on replica ${r.name}`, async () => check(await brief(r, query)), from)));
}

const article = (title: string, slug = 'harbour') => `---\ntitle: ${title}\nurl: https://quokka.example/${slug}\nsource: Quokka Gazette\npublished: 2026-03-29\n---\n\n${title}. The quokkaville harbour master spoke to reporters on Sunday.\n`;

describe('articles in PostgreSQL, two replicas and one feed', () => {
  it('stores each feed item once; a corpus file added, edited and deleted reaches both replicas within 5 s; a restarted replica catches up', async () => {
    const replicas = [startReplica('a'), startReplica('b')];
    await Promise.all(replicas.map((r) => r.port));
    await within(30_000, 'one leader and one follower', async () => (await Promise.all(replicas.map(health))).map((h) => h.role).sort().join() === 'follower,leader');
    const leader = replicas[(await Promise.all(replicas.map(health))).findIndex((h) => h.role === 'leader')]!;
    const follower = replicas.find((r) => r !== leader)!;

    // The corpus (6 files) and the feed (3 items) reach both indexes through the table.
    await within(30_000, 'both replicas to hold the corpus and the feed', async () => (await Promise.all(replicas.map(health))).every((h) => h.articles === 9));
    const { rows: stored } = await pool.query<{ origin: string; n: number }>(`SELECT split_part(origin, ':', 1) AS origin, count(*)::int AS n FROM articles WHERE NOT deleted GROUP BY 1 ORDER BY 1`);
    expect(stored).toEqual([
      { origin: 'feed', n: 3 },
      { origin: 'file', n: 6 },
    ]);
    expect(existsSync(path.join(corpus, 'feeds'))).toBe(false); // feed items are rows, not files
    expect(await brief(follower, 'glacier lake')).toMatch(/glacier/i);

    // Added, edited, deleted: each reaches both replicas' briefs within 5 s.
    const file = path.join(corpus, 'quokkaville.md');
    let from = Date.now();
    writeFileSync(file, article('Quokkaville harbour reopens'));
    const added = await bothWithin5s(replicas, 'quokkaville', (a) => a.includes('Quokkaville harbour reopens'), 'the added file', from);
    from = Date.now();
    writeFileSync(file, article('Quokkaville harbour closes after flamingo storm'));
    const edited = await bothWithin5s(replicas, 'quokkaville', (a) => a.includes('flamingo storm') && !a.includes('Quokkaville harbour reopens'), 'the edit', from);
    from = Date.now();
    unlinkSync(file);
    const deleted = await bothWithin5s(replicas, 'quokkaville', (a) => !a.includes('Quokkaville harbour'), 'the deletion', from);
    console.info(`corpus change to both replicas' briefs (ms, per replica): added ${added.join('/')}, edited ${edited.join('/')}, deleted ${deleted.join('/')}`);
    expect((await Promise.all(replicas.map(health))).map((h) => h.articles)).toEqual([9, 9]);

    // The follower stops; the folder changes meanwhile; restarted, it catches up before it answers.
    await new Promise((resolve) => (follower.child.once('exit', resolve), follower.child.kill('SIGTERM')));
    writeFileSync(path.join(corpus, 'wombat.md'), article('Wombat crossing opens at quokkaville harbour', 'wombat'));
    unlinkSync(path.join(corpus, 'china-careful-dance-ukraine-crisis.md'));
    await within(5000, 'the leader to hold the changes', async () => (await brief(leader, 'wombat crossing')).includes('Wombat crossing opens'));
    const restarted = startReplica(follower.name);
    await restarted.port;
    expect(restarted.lines.some((l) => l.msg === 'index loaded from snapshot; changes since are caught up from the articles table')).toBe(true);
    expect(await brief(restarted, 'wombat crossing')).toContain('Wombat crossing opens');
    expect(await brief(restarted, 'careful dance ukraine')).not.toContain('Careful Dance Around');
    expect(await brief(leader, 'careful dance ukraine')).not.toContain('Careful Dance Around');
    expect((await Promise.all([leader, restarted].map(health))).map((h) => h.articles)).toEqual([9, 9]);
    // And it follows again: a file added now reaches it too.
    from = Date.now();
    writeFileSync(file, article('Quokkaville harbour reopens once more'));
    await bothWithin5s([leader, restarted], 'quokkaville', (a) => a.includes('reopens once more'), 'a file added after the restart', from);
  }, 180_000);
});

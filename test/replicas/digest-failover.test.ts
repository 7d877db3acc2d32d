/**
 * The daily digest with two `npm start` replicas sharing one PostgreSQL: both are due to post it,
 * one posts it once; the leader killed (SIGKILL) in the middle of posting it, the other takes over
 * and completes it once (the run's claim and parts in PostgreSQL, the parts looked for in Slack).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { expectOneDigestWithThread } from '../digest/helpers.js';
import { DigestSlackDouble } from '../support/digest-slack-double.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { eventually, killReplicas, leaderOf, lineOf, startReplica, type Replica } from '../support/replicas.js';

const TITLES = ['Harbour reopens after storm', 'Central bank holds rates', 'Rail strike ends in the north', 'Vaccine approved for children', 'Drought eases across the plains'];

let slack: DigestSlackDouble;
const scratch = mkdtempSync(path.join(tmpdir(), 'brief-digest-replicas-'));
const corpus = path.join(scratch, 'corpus');
const replicas: Replica[] = [];
const databases: TestDatabase[] = [];

beforeAll(async () => {
  mkdirSync(corpus);
  TITLES.forEach((title, i) => {
    const body = `${title}, officials said on day ${i}, after weeks of uncertainty in the region.\n\nMore details about the ${title.toLowerCase()} are expected later this week, according to people familiar with it.`;
    writeFileSync(path.join(corpus, `story-${i}.md`), `---\ntitle: ${title}\nurl: https://news.example/${i}\nsource: Example News\npublished: 2026-03-2${i}\n---\n\n${body}\n`);
  });
  slack = await new DigestSlackDouble().start();
});
afterEach(async () => {
  await killReplicas(replicas.splice(0));
});
afterAll(async () => {
  await slack.close();
  await Promise.all(databases.map((db) => db.drop()));
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * A fixed-offset zone in which it is about noon now: the 11:00 digest was missed an hour or two ago
 * (within DIGEST_CATCHUP_HOURS), so whichever replica leads posts it at once, and a takeover a few
 * seconds later falls on the same local day (the run key is per local day).
 */
function zoneAtNoon(now: Date): string {
  const offset = 12 - now.getUTCHours(); // -11 … +12
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Two replicas over a fresh database, both due to post channel `channel`'s 11:00 digest. */
async function twoReplicas(names: [string, string], channel: string): Promise<{ db: TestDatabase; pair: Replica[] }> {
  const db = await createTestDatabase();
  databases.push(db);
  const env = { DIGEST_CHANNELS: channel, DIGEST_TIME: '11:00', DIGEST_TZ: zoneAtNoon(new Date()), LOG_LEVEL: 'debug' };
  const pair = names.map((name) => startReplica({ name, databaseUrl: db.url, apiUrl: slack.url, scratch, corpusDir: corpus, env }));
  replicas.push(...pair);
  return { db, pair };
}

const inChannel = (channel: string) => slack.messages.filter((m) => m.channel === channel);
const posted = (r: Replica) => r.lines.find((l) => l.msg === 'digest posted' || l.msg === 'digest had been posted before an interruption; recorded it');

async function checkOneDigest(db: TestDatabase, channel: string, runKey: string): Promise<void> {
  const store = await openStore({ databasePath: path.join(scratch, 'unused.db'), databaseUrl: db.url });
  try {
    await expectOneDigestWithThread(inChannel(channel), store, runKey);
  } finally {
    await store.close();
  }
}

describe('the daily digest with two replicas', () => {
  it('both due: exactly one headline and one thread reply, also after the other replica takes over', async () => {
    const { db, pair } = await twoReplicas(['a', 'b'], 'C0DUE0001');
    await eventually(() => pair.some((r) => posted(r) !== undefined), 'a replica to post the digest', 60);
    const poster = pair.find((r) => posted(r) !== undefined)!;
    const other = pair.find((r) => r !== poster)!;
    expect(await leaderOf(pair)).toBe(poster);
    const runKey = String(posted(poster)!.run);

    // The poster stops (SIGTERM); the other leads, and is due to post the same digest: it finds it done.
    poster.child.kill('SIGTERM');
    expect(await poster.exited).toEqual({ code: 0, signal: null });
    await lineOf(other, (l) => l.msg === 'digest already done for this day' && l.run === runKey, 'to find the digest done once it leads');
    await checkOneDigest(db, 'C0DUE0001', runKey);
  }, 90_000);

  it('the leader killed (SIGKILL) while its thread reply is in flight: the other takes over within 30 s and the digest is complete once', async () => {
    // Slack takes the thread reply and never answers: the leader dies with the part recorded as `sending`.
    const held = slack.hold((method, body) => method === 'chat.postMessage' && body.thread_ts !== undefined && body.channel === 'C0KILL001', { keep: true });
    const { db, pair } = await twoReplicas(['c', 'd'], 'C0KILL001');
    await held;
    const leader = await leaderOf(pair);
    const other = pair.find((r) => r !== leader)!;
    expect(posted(leader)).toBeUndefined();

    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    expect(await leader.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await leaderOf([other], 30);
    const tookOver = Date.now() - killedAt;
    const done = await lineOf(other, (l) => posted({ lines: [l] } as unknown as Replica) !== undefined, 'to complete the digest', 30);
    console.info(`digest takeover after kill -9: leader in ${tookOver} ms, digest complete in ${Date.now() - killedAt} ms`);
    expect(done.msg).toBe('digest had been posted before an interruption; recorded it');
    expect(other.lines.some((l) => l.msg === 'digest part was sent before an interruption; recorded it, not sending again' && l.part === 1)).toBe(true);
    await checkOneDigest(db, 'C0KILL001', String(done.run));
  }, 90_000);
});

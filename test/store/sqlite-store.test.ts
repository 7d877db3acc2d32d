import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openSqliteStore } from '../../src/store/sqlite-store.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import type { NewDigestPart } from '../../src/store/store.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-store-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'brief.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const t = (s: string) => new Date(s);
const message = (text: string) => ({ text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] });
const plan: NewDigestPart[] = [
  { part: 0, kind: 'headline', status: 'pending', message: message('headline') },
  { part: 1, kind: 'thread', status: 'pending', message: message('thread') },
];
const run = (key: string, cutoff = '2026-03-29T07:00:00.000Z') => ({
  key,
  target: 'channel:C1',
  channel: 'C1',
  slot: key.split('@')[1]!,
  scheduledAt: t(cutoff),
  since: t('2026-03-28T07:00:00.000Z'),
  cutoff: t(cutoff),
  startedAt: t(cutoff),
});

describe('SQLite store', () => {
  it('creates the file and its folder, and migrates to the latest schema', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    await store.close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(migrate(db)).toBe(MIGRATIONS.length); // running again is a no-op
    db.close();
  });

  it('refuses a schema newer than it knows', () => {
    const file = tempDb();
    openSqliteStore(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(file)).toThrow(expect.objectContaining({ code: 'STORE_SCHEMA_TOO_NEW' }));
  });

  it('claims a run once per key and keeps its first window', async () => {
    const store = openSqliteStore(':memory:');
    const first = await store.claimRun(run('channel:C1@2026-03-29'));
    const second = await store.claimRun({ ...run('channel:C1@2026-03-29'), cutoff: t('2026-03-29T09:00:00.000Z') });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.run.cutoff.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(await store.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 }, plan)).toHaveLength(2);
    expect(await store.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 }, plan)).toBeUndefined(); // a second process loses
    expect(await store.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'posting', attempts: 1 });
    expect(await store.lastCompletedRun('channel:C2')).toBeUndefined();
  });

  it('posts a run only when every part is recorded as posted, each part through sending', async () => {
    const store = openSqliteStore(':memory:');
    const key = 'channel:C1@2026-03-29';
    await store.claimRun(run(key));
    const parts = await store.beginPosting(key, { status: 'claimed', attempts: 0 }, plan);
    expect(parts).toEqual([
      { part: 0, kind: 'headline', status: 'pending', message: plan[0]!.message },
      { part: 1, kind: 'thread', status: 'pending', message: plan[1]!.message },
    ]);
    expect(await store.markPartPosted(key, 0, { ts: '1.0001', at: t('2026-03-29T07:00:01Z') })).toBe(false); // never sent
    expect(await store.markPartSending(key, 0)).toBe(true);
    expect(await store.markPartPosted(key, 0, { ts: '1.0001', at: t('2026-03-29T07:00:01Z') })).toBe(true);
    expect(await store.completeRun(key, t('2026-03-29T07:00:02Z'))).toBe(false); // the thread is not posted
    expect(await store.finishEmpty(key, t('2026-03-29T07:00:02Z'))).toBe(false); // a part was recorded

    // A crash here; the next attempt keeps the parts of the first, whatever it planned.
    const again = await store.beginPosting(key, { status: 'posting', attempts: 1 }, [{ ...plan[0]!, message: { text: 'other', blocks: [] } }]);
    expect(again?.map((p) => [p.part, p.status, p.ts, p.message?.text])).toEqual([
      [0, 'posted', '1.0001', 'headline'],
      [1, 'pending', undefined, 'thread'],
    ]);
    expect(await store.markPartSending(key, 1)).toBe(true);
    expect(await store.markPartSending(key, 1)).toBe(true); // sent again after it was not found
    expect(await store.markPartPosted(key, 1, { ts: '1.0002', threadTs: '1.0001', at: t('2026-03-29T07:00:03Z') })).toBe(true);
    expect(await store.markPartSending(key, 1)).toBe(false); // posted is final
    expect(await store.completeRun(key, t('2026-03-29T07:00:04Z'))).toBe(true);
    expect(await store.getRun(key)).toMatchObject({ status: 'posted', ts: '1.0001', attempts: 2 });
    expect((await store.runParts(key))[1]).toMatchObject({ status: 'posted', ts: '1.0002', threadTs: '1.0001' });
    expect(await store.lastCompletedRun('channel:C1')).toMatchObject({ key, status: 'posted' });
    expect(await store.failRun(key, 'late', t('2026-03-29T08:00:00Z'))).toBe(false); // posted is final
    expect(await store.beginPosting(key, { status: 'posted', attempts: 2 }, plan)).toBeUndefined();
  });

  it('ends runs as empty or failed only from the states that allow it', async () => {
    const store = openSqliteStore(':memory:');
    await store.claimRun(run('channel:C1@2026-03-28', '2026-03-28T07:00:00.000Z'));
    expect(await store.finishEmpty('channel:C1@2026-03-28', t('2026-03-28T07:00:00Z'))).toBe(true);
    expect(await store.failRun('channel:C1@2026-03-28', 'x', t('2026-03-28T07:00:00Z'))).toBe(false);
    await store.claimRun(run('channel:C1@2026-03-29'));
    await store.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 }, plan);
    await store.noteRunError('channel:C1@2026-03-29', 'internal_error');
    expect(await store.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'posting', error: 'internal_error' });
    expect(await store.failRun('channel:C1@2026-03-29', 'not_in_channel', t('2026-03-29T07:00:00Z'))).toBe(true);
    expect(await store.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'failed', error: 'not_in_channel' });
    expect(await store.lastCompletedRun('channel:C1')).toMatchObject({ key: 'channel:C1@2026-03-28', status: 'empty' });
  });

  it('migrates a version 1 database: its posts become posted parts, an unfinished run keeps no parts', async () => {
    const file = tempDb();
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    const insertRun = db.prepare(`INSERT INTO digest_runs (key, target, channel, slot, scheduled_at, since, cutoff, status, attempts, ts, started_at) VALUES (?, 'channel:C1', 'C1', ?, ?, ?, ?, ?, 1, ?, ?)`);
    const at = '2026-03-29T07:00:00.000Z';
    insertRun.run('channel:C1@2026-03-28', '2026-03-28', at, at, at, 'posted', '1.0001', at);
    insertRun.run('channel:C1@2026-03-29', '2026-03-29', at, at, at, 'posting', null, at);
    const insertPost = db.prepare('INSERT INTO posts (run_key, channel, ts, thread_ts, kind, posted_at) VALUES (?, ?, ?, ?, ?, ?)');
    insertPost.run('channel:C1@2026-03-28', 'C1', '1.0001', null, 'headline', at);
    insertPost.run('channel:C1@2026-03-28', 'C1', '1.0002', '1.0001', 'thread', at);
    db.close();

    const store = openSqliteStore(file);
    expect(await store.runParts('channel:C1@2026-03-28')).toEqual([
      { part: 0, kind: 'headline', status: 'posted', ts: '1.0001', postedAt: t(at) },
      { part: 1, kind: 'thread', status: 'posted', ts: '1.0002', threadTs: '1.0001', postedAt: t(at) },
    ]);
    expect(await store.runParts('channel:C1@2026-03-29')).toEqual([]);
    expect(await store.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'posting', attempts: 1 });
    await store.close();
  });

  it('keeps subscriptions, feed items, arrivals and notices across a reopen', async () => {
    const file = tempDb();
    let store = openSqliteStore(file);
    const sub = await store.addSubscription({ channel: 'C1', query: 'taliban', time: '07:30', createdBy: 'U1', createdAt: t('2026-03-01T00:00:00Z') });
    await store.addFeedItem({ feedUrl: 'http://f/rss', guidKey: 'http://f/rss 42', linkKey: 'https://x.org/a', articleId: 'feed-a', file: 'feeds/a.md', seenAt: t('2026-03-01T00:00:00Z') });
    expect(await store.recordArrivals(['a', 'b'], t('2026-03-01T10:00:00Z'))).toBe(2);
    expect(await store.recordArrivals(['b', 'c'], t('2026-03-02T10:00:00Z'))).toBe(1);
    await store.setNotice({ key: 'digest:C9', kind: 'digest', message: 'channel_not_found', at: t('2026-03-01T00:00:00Z') });
    await store.saveFeedState({ url: 'http://f/rss', etag: '"v1"', failures: 0 });
    await store.close();

    store = openSqliteStore(file);
    expect(await store.listSubscriptions('C1')).toEqual([sub]);
    expect(await store.hasFeedItem({ guidKey: 'http://f/rss 42' })).toBe(true);
    expect(await store.hasFeedItem({ guidKey: 'http://g/rss 42', linkKey: 'https://x.org/a' })).toBe(true);
    expect(await store.hasFeedItem({ guidKey: 'http://g/rss 42' })).toBe(false);
    expect(await store.hasFeedItem({})).toBe(false);
    expect(await store.arrivedBetween(t('2026-03-01T10:00:00Z'), t('2026-03-03T00:00:00Z'))).toEqual(['c']);
    expect((await store.arrivalOf('b'))?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(await store.listNotices()).toHaveLength(1);
    expect(await store.getFeedState('http://f/rss')).toEqual({ url: 'http://f/rss', etag: '"v1"', failures: 0 });
    expect(await store.removeSubscription(sub.id, 'C2')).toBe(false);
    expect(await store.removeSubscription(sub.id, 'C1')).toBe(true);
    expect(await store.listSubscriptions()).toEqual([]);
    await store.close();
  });
});

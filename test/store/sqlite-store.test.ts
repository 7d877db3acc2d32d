import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openSqliteStore } from '../../src/store/sqlite-store.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

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
    expect(await store.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 })).toBe(true);
    expect(await store.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 })).toBe(false); // a second process loses
    expect(await store.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'posting', attempts: 1 });
    await store.updateRun('channel:C1@2026-03-29', { status: 'posted', ts: '1.0001', finishedAt: t('2026-03-29T07:00:01Z') });
    expect(await store.lastCompletedRun('channel:C1')).toMatchObject({ status: 'posted', ts: '1.0001', attempts: 1 });
    expect(await store.lastCompletedRun('channel:C2')).toBeUndefined();
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { dbCopyCli } from '../../src/cli/db-copy.js';
import { COPIED_TABLES } from '../../src/store/copy-to-postgres.js';
import { openPostgresStore } from '../../src/store/pg-store.js';
import type { AlertStore } from '../../src/store/alert-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { createTestDatabase } from '../support/postgres-database.js';

const dir = mkdtempSync(path.join(tmpdir(), 'brief-db-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t = (s: string) => new Date(s);

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await dbCopyCli(argv, env, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Everything a store answers, for comparing two stores holding the same state. */
async function everything(store: Stores) {
  return {
    runs: await store.runs.recentRuns(100),
    parts: await store.runs.runParts('channel:C1@2026-03-29'),
    last: await store.runs.lastCompletedRun('channel:C1'),
    subs: await store.subscriptions.listSubscriptions(),
    feed: await store.feeds.getFeedState('http://f/rss'),
    feeds: await store.feeds.listFeeds(),
    arrived: await store.arrivals.arrivedBetween(t('2026-01-01T00:00:00Z'), t('2027-01-01T00:00:00Z')),
    notices: await store.notices.listNotices(),
  };
}

describe('npm run db:copy', () => {
  it('copies a SQLite installation into PostgreSQL, idempotently, and PostgreSQL answers as SQLite did', async () => {
    const file = path.join(dir, 'brief.db');
    const clock = { now: () => t('2026-03-29T07:30:00Z') };
    const sqlite = openSqliteStore(file, { clock });
    await sqlite.runs.claimRun({ key: 'channel:C1@2026-03-29', target: 'channel:C1', channel: 'C1', slot: '2026-03-29', scheduledAt: t('2026-03-29T07:00:00Z'), since: t('2026-03-28T07:00:00Z'), cutoff: t('2026-03-29T07:00:00Z'), startedAt: t('2026-03-29T07:00:00Z') });
    const key = 'channel:C1@2026-03-29';
    const message = (text: string) => ({ text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] });
    await sqlite.runs.beginPosting(key, { status: 'claimed', attempts: 0 }, [
      { part: 0, kind: 'headline', status: 'pending', message: message('headline') },
      { part: 1, kind: 'thread', status: 'pending', message: message('thread') },
    ]);
    await sqlite.runs.markPartSending(key, 0);
    await sqlite.runs.markPartPosted(key, 0, { ts: '1.1', at: t('2026-03-29T07:00:01Z') });
    await sqlite.runs.markPartSending(key, 1); // the thread reply is in flight when the copy is taken
    await sqlite.subscriptions.addSubscription({ channel: 'C1', query: 'taliban', time: '07:30', createdBy: 'U1', createdAt: t('2026-03-01T00:00:00Z') });
    await sqlite.subscriptions.addSubscription({ channel: 'C2', query: 'ukraine', time: '09:00', createdBy: 'U2', createdAt: t('2026-03-02T00:00:00Z') });
    await sqlite.feeds.saveFeedState({ url: 'http://f/rss', etag: '"v1"', failures: 1, lastError: 'HTTP 503', nextAttemptAt: t('2026-03-29T08:00:00Z') });
    await sqlite.feeds.claimFeedItem({ feedUrl: 'http://f/rss', guidKey: 'http://f/rss 1', linkKey: 'https://x.example/a', articleId: 'feed-a', file: 'feeds/a.md', seenAt: t('2026-03-29T06:00:00Z') });
    await sqlite.feeds.addFeed({ url: 'http://f/rss', name: 'F', addedBy: 'U1', addedAt: t('2026-03-01T00:00:00Z') });
    await sqlite.feeds.addFeed({ url: 'http://g/rss', addedBy: 'FEEDS', addedAt: t('2026-03-02T00:00:00Z') });
    await sqlite.arrivals.recordArrivals(['a', 'b', 'feed-a'], t('2026-03-29T06:00:00Z'));
    await sqlite.notices.setNotice({ key: 'feed:http://f/rss', kind: 'feed', message: 'HTTP 503', at: t('2026-03-29T06:00:00Z') });
    const before = await everything(sqlite);
    await sqlite.conversations.rememberBrief('default', 'C1:1.1', { q: 'ukraine', p: 1 });
    await sqlite.conversations.firstSighting('default', 'Ev1');
    const sqliteAlerts = sqlite.alerts;
    await sqliteAlerts.addAlert({ channel: 'C1', query: 'pipeline', everyMinutes: 10, createdBy: 'U1', createdAt: t('2026-03-01T00:00:00Z') });
    await sqliteAlerts.topicCursor('alert:1', t('2026-03-29T06:00:00Z'));
    await sqliteAlerts.addMatches('alert:1', [{ articleId: 'a', arrivedAt: t('2026-03-29T06:00:00Z') }], t('2026-03-29T06:30:00Z'));
    const post = { key: 'alert:1@1', topic: 'alert:1', channel: 'C1', kind: 'post' as const, message: message('alert'), startedAt: t('2026-03-29T06:31:00Z') };
    await sqliteAlerts.claimPost(post, [{ articleId: 'a', storyKey: 'a' }]);
    await sqliteAlerts.recordFeedback({ userId: 'U1', channel: 'C1', articleId: 'a', source: 'BBC', origin: 'alert:1', helpful: false, at: t('2026-03-29T06:40:00Z') });
    await sqliteAlerts.recordBriefAsked('pipeline', t('2026-03-29T06:41:00Z'));
    const alertState = async (a: AlertStore) => ({ alerts: await a.listAlerts(), cursor: await a.topicCursor('alert:1', t('2027-01-01T00:00:00Z')), stories: await a.alertedStories('alert:1', t('2026-01-01T00:00:00Z')), unfinished: await a.unfinishedPosts(), pending: await a.pendingMatches('alert:1'), stats: await a.usageStats(5) });
    const alertsBefore = await alertState(sqliteAlerts);
    await sqlite.close();

    const db = await createTestDatabase();
    const url = new URL(db.url);
    url.password = 'copy-secret';
    const first = await cli(['--to', url.toString()], { DATABASE_PATH: file });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('digest_parts: 2 added or refreshed');
    expect(first.stdout).not.toContain('copy-secret');
    const second = await cli(['--to', url.toString(), '--from', file]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('subscriptions: 0 added or refreshed');
    expect(second.stdout).toContain('arrivals: 0 added or refreshed');

    const pgStore = await openPostgresStore(db.url, { clock });
    try {
      expect(await alertState(pgStore.alerts)).toEqual(alertsBefore);
      expect((await pgStore.alerts.addAlert({ channel: 'C1', query: 'x', everyMinutes: 10, createdBy: 'U1', createdAt: t('2026-03-30T00:00:00Z') })).id).toBe(2); // ids go on
      expect(await everything(pgStore)).toEqual(before);
      expect(await pgStore.conversations.lastBrief('default', 'C1:1.1')).toEqual({ q: 'ukraine', p: 1 });
      expect(await pgStore.conversations.firstSighting('default', 'Ev1')).toBe(false); // a retry after the move is still a retry
      // The copied run goes on in PostgreSQL where SQLite left it.
      expect(await pgStore.runs.markPartPosted(key, 1, { ts: '1.2', threadTs: '1.1', at: t('2026-03-29T07:00:02Z') })).toBe(true);
      expect(await pgStore.runs.completeRun(key, t('2026-03-29T07:00:03Z'))).toBe(true);
      expect(await pgStore.runs.getRun(key)).toMatchObject({ status: 'posted', ts: '1.1' });
      expect(await pgStore.feeds.claimFeedItem({ feedUrl: 'http://g/rss', linkKey: 'https://x.example/a', articleId: 'x', file: 'x', seenAt: t('2026-03-29T06:00:00Z') })).toBe(false);
      const next = await pgStore.subscriptions.addSubscription({ channel: 'C3', query: 'x', time: '10:00', createdBy: 'U3', createdAt: t('2026-03-30T00:00:00Z') });
      expect(next.id).toBeGreaterThan(Math.max(...before.subs.map((s) => s.id))); // the id sequence moved past the copied ids
      expect((await pgStore.feeds.addFeed({ url: 'http://h/rss', addedBy: 'U3', addedAt: t('2026-03-30T00:00:00Z') })).feed.id).toBeGreaterThan(Math.max(...before.feeds.map((f) => f.id)));
    } finally {
      await pgStore.close();
      await db.drop();
    }
  });

  it('copies every table of the SQLite schema (a new table must be added to the copy)', async () => {
    const file = path.join(dir, 'schema.db');
    await openSqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    db.close();
    expect(COPIED_TABLES.map((c) => c.table).sort()).toEqual(tables);
  });

  it('refuses a missing or non-PostgreSQL target and a missing source, without echoing the URL', async () => {
    expect(await cli([])).toMatchObject({ code: 2, stderr: expect.stringContaining('--to: missing') });
    const bad = await cli(['--to', 'mysql://u:s3cret@db/brief']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain('s3cret');
    expect(await cli(['--to', 'postgres://db/brief', '--from', path.join(dir, 'nope.db')])).toMatchObject({ code: 1, stderr: expect.stringContaining('Could not open the SQLite database') });
  });
});

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openSqliteStore } from '../../src/store/sqlite-store.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { ALERT_ROWS_BEFORE_WORKSPACES, expectAlertRowsInDefaultWorkspace } from './alerts-before-workspaces.js';
import { feedListContract } from './feed-list-contract.js';
import { storeContract, type StoreHarness } from './store-contract.js';

const root = mkdtempSync(path.join(tmpdir(), 'brief-store-'));
let made = 0;
const tempDb = (): string => path.join(root, String(++made), 'nested', 'brief.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const t = (s: string) => new Date(s);

const harness: StoreHarness = {
  async fresh() {
    const file = tempDb();
    return async (scope) => openSqliteStore(file, scope);
  },
};
storeContract('SQLite', harness);
feedListContract('SQLite', harness);

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

  it('migrates a version 6 database: the alert side becomes the default workspace', async () => {
    const file = tempDb();
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 6)) db.exec(migration);
    db.pragma('user_version = 6');
    db.exec(ALERT_ROWS_BEFORE_WORKSPACES);
    db.close();
    const [mine, other] = [openSqliteStore(file), openSqliteStore(file, { teamId: 'T0002' })];
    try {
      await expectAlertRowsInDefaultWorkspace(mine, other);
    } finally {
      await Promise.all([mine.close(), other.close()]);
    }
    const check = new Database(file);
    expect(check.pragma('foreign_key_check')).toEqual([]);
    check.close();
  });

  it('migrates a version 1 database: posts become posted parts, an unfinished run keeps none, and all of it is the default workspace', async () => {
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
    db.exec(`INSERT INTO subscriptions (channel, query, time, created_by, created_at) VALUES ('C1', 'taliban', '07:30', 'U1', '2026-03-01T00:00:00.000Z');
             INSERT INTO notices (key, kind, message, at) VALUES ('digest:C9', 'digest', 'channel_not_found', '2026-03-01T00:00:00.000Z');`);
    db.close();

    const store = openSqliteStore(file);
    expect(await store.runs.runParts('channel:C1@2026-03-28')).toEqual([
      { part: 0, kind: 'headline', status: 'posted', ts: '1.0001', postedAt: t(at) },
      { part: 1, kind: 'thread', status: 'posted', ts: '1.0002', threadTs: '1.0001', postedAt: t(at) },
    ]);
    expect(await store.runs.runParts('channel:C1@2026-03-29')).toEqual([]);
    expect(await store.runs.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'posting', attempts: 1 });
    expect(await store.subscriptions.listSubscriptions('C1')).toMatchObject([{ query: 'taliban' }]);
    expect(await store.notices.listNotices()).toMatchObject([{ key: 'digest:C9' }]);
    await store.close();
    const other = openSqliteStore(file, { teamId: 'T0002' });
    expect(await other.runs.getRun('channel:C1@2026-03-28')).toBeUndefined();
    expect(await other.subscriptions.listSubscriptions()).toEqual([]);
    await other.close();
    const check = new Database(file);
    expect(check.pragma('foreign_key_check')).toEqual([]);
    check.close();
  });
});

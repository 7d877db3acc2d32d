/**
 * One contract for every ConversationStore: in memory, SQLite and PostgreSQL. Plus: the SQLite store
 * keeps its memory across a reopen of the same file, and PostgreSQL's check-and-sets hold between
 * two replicas at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_MEMORY, memoryConversationStore, RESPONSE_URL_LIMIT, THREAD_MEMORY, type ConversationStore } from '../../src/slack/conversation-store.js';
import type { Clock } from '../../src/clock.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { pgConversationStore } from '../../src/store/pg-conversation-store.js';
import { migratePostgres, newPool } from '../../src/store/pg-migrate.js';
import { withFallback } from '../../src/store/fallback-conversation-store.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start;
  const clock: Clock = { now: () => new Date(t) };
  return { clock, advance: (ms: number) => (t += ms) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'brief-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

/** An open conversation store and how to close what it runs on. */
type Opened = ConversationStore & { close(): Promise<void> };

/** The PostgreSQL implementation itself (no fallback) on a migrated database at `url`. */
async function openPg(url: string, clock: Clock): Promise<Opened> {
  const pool = newPool({ connectionString: url, max: 2 });
  await migratePostgres(pool);
  return Object.assign(pgConversationStore(pool, clock), { close: () => pool.end() });
}

/** SQLite's, as `openStore` gives it (on the same connection as every other port). */
function openSqlite(file: string, clock: Clock): Opened {
  const stores = openSqliteStore(file, { clock });
  return Object.assign(stores.conversations, { close: () => stores.close() });
}

const implementations: [string, (clock: Clock) => Opened | Promise<Opened>][] = [
  ['memory', (clock) => Object.assign(memoryConversationStore(clock), { close: async () => undefined })],
  ['sqlite', (clock) => openSqlite(':memory:', clock)],
  [
    'postgres',
    async (clock) => {
      const db = await createTestDatabase();
      databases.push(db);
      return openPg(db.url, clock);
    },
  ],
];

describe.each(implementations)('ConversationStore contract (%s)', (_name, open) => {
  it('sees an event id once per workspace, until it expires', async () => {
    const { clock, advance } = manualClock();
    const store = await open(clock);
    expect(await store.firstSighting('T1', 'Ev1')).toBe(true);
    expect(await store.firstSighting('T1', 'Ev1')).toBe(false);
    expect(await store.firstSighting('T2', 'Ev1')).toBe(true);
    advance(EVENT_MEMORY.ttlMs);
    expect(await store.firstSighting('T1', 'Ev1')).toBe(true);
    await store.close();
  });

  it('remembers the last brief of a thread per workspace, for a day', async () => {
    const { clock, advance } = manualClock();
    const store = await open(clock);
    expect(await store.lastBrief('T1', 'C1:1.2')).toBeUndefined();
    await store.rememberBrief('T1', 'C1:1.2', { q: 'taliban', p: 0 });
    await store.rememberBrief('T1', 'C1:1.2', { q: 'taliban', p: 1 });
    expect(await store.lastBrief('T1', 'C1:1.2')).toEqual({ q: 'taliban', p: 1 });
    expect(await store.lastBrief('T2', 'C1:1.2')).toBeUndefined();
    advance(THREAD_MEMORY.ttlMs);
    expect(await store.lastBrief('T1', 'C1:1.2')).toBeUndefined();
    await store.close();
  });

  it('allows 5 posts per response_url in 30 minutes, then refuses; an empty url never', async () => {
    const { clock, advance } = manualClock();
    const store = await open(clock);
    const takes = [];
    for (let i = 0; i < 7; i++) takes.push(await store.takeResponseUrl('T1', 'https://hooks.slack.com/a'));
    expect(takes).toEqual([true, true, true, true, true, false, false]);
    expect(await store.takeResponseUrl('T2', 'https://hooks.slack.com/a')).toBe(true);
    expect(await store.takeResponseUrl('T1', '')).toBe(false);
    advance(RESPONSE_URL_LIMIT.windowMs);
    expect(await store.takeResponseUrl('T1', 'https://hooks.slack.com/a')).toBe(true);
    await store.close();
  });

  it('treats keys as data: __proto__, constructor and toString are ordinary ids', async () => {
    const { clock } = manualClock();
    const store = await open(clock);
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await store.lastBrief(key, key)).toBeUndefined();
      expect(await store.firstSighting(key, key)).toBe(true);
      expect(await store.firstSighting(key, key)).toBe(false);
      await store.rememberBrief(key, key, { q: key, p: 2 });
      expect(await store.lastBrief(key, key)).toEqual({ q: key, p: 2 });
    }
    await store.close();
  });
});

describe('the SQLite conversation store', () => {
  it('keeps event ids, thread memory and budgets across a reopen of the same file', async () => {
    const { clock } = manualClock();
    const file = path.join(dir, 'brief.db');
    const first = openSqlite(file, clock);
    await first.firstSighting('T1', 'Ev1');
    await first.rememberBrief('T1', 'C1:dm', { q: 'china', p: 1 });
    for (let i = 0; i < 5; i++) await first.takeResponseUrl('T1', 'u');
    await first.close();
    const again = openSqlite(file, clock);
    expect(await again.firstSighting('T1', 'Ev1')).toBe(false);
    expect(await again.lastBrief('T1', 'C1:dm')).toEqual({ q: 'china', p: 1 });
    expect(await again.takeResponseUrl('T1', 'u')).toBe(false);
    await again.close();
  });
});

describe('PostgreSQL conversation store', () => {
  it('lets one of two replicas answer an event, and counts one response_url budget for both', async () => {
    const { clock } = manualClock();
    const db = await createTestDatabase();
    databases.push(db);
    const [a, b] = await Promise.all([openPg(db.url, clock), openPg(db.url, clock)]);
    try {
      const sightings = await Promise.all([a.firstSighting('T1', 'Ev9'), b.firstSighting('T1', 'Ev9')]);
      expect(sightings.sort()).toEqual([false, true]);
      const takes = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).takeResponseUrl('T1', 'https://hooks.slack.com/x')));
      expect(takes.filter(Boolean)).toHaveLength(RESPONSE_URL_LIMIT.posts);
      await a.rememberBrief('T1', 'C1:1.1', { q: 'ukraine', p: 0 });
      expect(await b.lastBrief('T1', 'C1:1.1')).toEqual({ q: 'ukraine', p: 0 }); // `more` works on the other replica
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('withFallback', () => {
  it('answers from local memory while the shared store fails, and from the shared one again after', async () => {
    const { clock } = manualClock();
    const shared = memoryConversationStore(clock);
    let down = false;
    const failing = (name: keyof ConversationStore) => async (...args: never[]) => {
      if (down) throw new Error('connect ECONNREFUSED');
      return (shared[name] as (...a: never[]) => Promise<unknown>)(...args);
    };
    const flaky = { firstSighting: failing('firstSighting'), lastBrief: failing('lastBrief'), rememberBrief: failing('rememberBrief'), takeResponseUrl: failing('takeResponseUrl') } as ConversationStore;
    const warnings: unknown[] = [];
    const store = withFallback(flaky, memoryConversationStore(clock), { warn: (...args: unknown[]) => void warnings.push(args) } as never);

    expect(await store.firstSighting('T1', 'Ev1')).toBe(true);
    await store.rememberBrief('T1', 'C1:1.1', { q: 'iran', p: 0 });
    down = true;
    expect(await store.firstSighting('T1', 'Ev1')).toBe(false); // remembered here too
    expect(await store.firstSighting('T1', 'Ev2')).toBe(true);
    expect(await store.firstSighting('T1', 'Ev2')).toBe(false);
    expect(await store.lastBrief('T1', 'C1:1.1')).toEqual({ q: 'iran', p: 0 });
    expect(await store.takeResponseUrl('T1', 'u')).toBe(true);
    expect(warnings).toHaveLength(1); // one warning per outage, not per call
    down = false;
    expect(await store.firstSighting('T1', 'Ev2')).toBe(true); // the shared store never saw it
    await store.rememberBrief('T1', 'C1:1.1', { q: 'iran', p: 1 });
    expect(await shared.lastBrief('T1', 'C1:1.1')).toEqual({ q: 'iran', p: 1 });
  });
});

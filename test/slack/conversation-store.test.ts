/**
 * One contract for every ConversationStore: the in-memory one and the SQLite one (a PostgreSQL one
 * will join). Plus: the SQLite store keeps its memory across a reopen of the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_MEMORY, memoryConversationStore, RESPONSE_URL_LIMIT, THREAD_MEMORY, type ConversationStore } from '../../src/slack/conversation-store.js';
import type { Clock } from '../../src/clock.js';
import { sqliteConversationStore } from '../../src/store/sqlite-conversation-store.js';
import { openDatabase } from '../../src/store/sqlite-store.js';

function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start;
  const clock: Clock = { now: () => new Date(t) };
  return { clock, advance: (ms: number) => (t += ms) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'brief-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const implementations: [string, (clock: Clock) => ConversationStore][] = [
  ['memory', (clock) => memoryConversationStore(clock)],
  ['sqlite', (clock) => sqliteConversationStore(openDatabase(':memory:'), clock)],
];

describe.each(implementations)('ConversationStore contract (%s)', (_name, open) => {
  it('sees an event id once per workspace, until it expires', async () => {
    const { clock, advance } = manualClock();
    const store = open(clock);
    expect(await store.firstSighting('T1', 'Ev1')).toBe(true);
    expect(await store.firstSighting('T1', 'Ev1')).toBe(false);
    expect(await store.firstSighting('T2', 'Ev1')).toBe(true);
    advance(EVENT_MEMORY.ttlMs);
    expect(await store.firstSighting('T1', 'Ev1')).toBe(true);
    await store.close();
  });

  it('remembers the last brief of a thread per workspace, for a day', async () => {
    const { clock, advance } = manualClock();
    const store = open(clock);
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
    const store = open(clock);
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
    const store = open(clock);
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

describe('sqliteConversationStore', () => {
  it('keeps event ids, thread memory and budgets across a reopen of the same file', async () => {
    const { clock } = manualClock();
    const file = path.join(dir, 'brief.db');
    const first = sqliteConversationStore(openDatabase(file), clock);
    await first.firstSighting('T1', 'Ev1');
    await first.rememberBrief('T1', 'C1:dm', { q: 'china', p: 1 });
    for (let i = 0; i < 5; i++) await first.takeResponseUrl('T1', 'u');
    await first.close();
    const again = sqliteConversationStore(openDatabase(file), clock);
    expect(await again.firstSighting('T1', 'Ev1')).toBe(false);
    expect(await again.lastBrief('T1', 'C1:dm')).toEqual({ q: 'china', p: 1 });
    expect(await again.takeResponseUrl('T1', 'u')).toBe(false);
    await again.close();
  });
});

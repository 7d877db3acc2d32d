import { describe, expect, it } from 'vitest';
import { ExpiringMap } from '../../src/slack/expiring-map.js';
import type { Clock } from '../../src/clock.js';

function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start;
  const clock: Clock = { now: () => new Date(t) };
  return { clock, advance: (ms: number) => (t += ms) };
}

describe('ExpiringMap', () => {
  it('forgets an entry after its time to live', () => {
    const { clock, advance } = manualClock();
    const map = new ExpiringMap<string, number>({ maxEntries: 10, ttlMs: 1000, clock });
    map.set('a', 1);
    advance(999);
    expect(map.get('a')).toBe(1);
    advance(1);
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const { clock } = manualClock();
    const map = new ExpiringMap<number, number>({ maxEntries: 3, ttlMs: 60_000, clock });
    for (let i = 0; i < 10; i += 1) map.set(i, i);
    expect(map.size).toBe(3);
    expect([map.get(6), map.get(7), map.get(8), map.get(9)]).toEqual([undefined, 7, 8, 9]);
  });

  it('setting a key again renews it and moves it to the back', () => {
    const { clock, advance } = manualClock();
    const map = new ExpiringMap<string, number>({ maxEntries: 2, ttlMs: 1000, clock });
    map.set('a', 1);
    map.set('b', 2);
    advance(500);
    map.set('a', 3);
    map.set('c', 4);
    expect(map.get('b')).toBeUndefined();
    advance(700);
    expect(map.get('a')).toBe(3);
  });

  it('update changes a value without renewing it', () => {
    const { clock, advance } = manualClock();
    const map = new ExpiringMap<string, number>({ maxEntries: 2, ttlMs: 1000, clock });
    expect(map.update('x', 1)).toBe(false);
    map.set('x', 1);
    advance(600);
    expect(map.update('x', 2)).toBe(true);
    advance(400);
    expect(map.get('x')).toBeUndefined();
  });
});

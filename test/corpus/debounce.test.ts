/** Issue 9, item 4: a stream of edits every 50 ms cannot starve the index (fake clock). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../src/corpus/debounce.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('debounce with a maximum wait', () => {
  it('runs at least once per maximum wait while pokes keep coming every 50 ms', () => {
    const runs: number[] = [];
    const d = debounce(() => runs.push(Date.now()), { quietMs: 500, maxWaitMs: 2000 });
    const started = Date.now();
    for (let t = 0; t < 10_000; t += 50) {
      d.poke();
      vi.advanceTimersByTime(50);
    }
    expect(runs.map((r) => r - started)).toEqual([2000, 4000, 6000, 8000, 10_000]);
  });

  it('runs once after the quiet time when pokes stop', () => {
    let runs = 0;
    const d = debounce(() => (runs += 1), { quietMs: 500, maxWaitMs: 5000 });
    d.poke();
    vi.advanceTimersByTime(200);
    d.poke();
    vi.advanceTimersByTime(499);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(runs).toBe(1);
  });

  it('cancel forgets a pending run', () => {
    let runs = 0;
    const d = debounce(() => (runs += 1), { quietMs: 100, maxWaitMs: 100 });
    d.poke();
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(0);
  });
});

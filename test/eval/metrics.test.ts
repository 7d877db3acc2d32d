import { describe, expect, it } from 'vitest';
import { averagePrecision, mean, ndcgAt, precisionAt } from '../../eval/metrics.js';

const rel = (...ids: string[]) => new Set(ids);

describe('averagePrecision', () => {
  it('averages precision at each relevant rank over all relevant documents', () => {
    // relevant at ranks 1 and 3: (1/1 + 2/3) / 2
    expect(averagePrecision(['a', 'x', 'b'], rel('a', 'b'))).toBeCloseTo(5 / 6, 10);
  });
  it('counts relevant documents never retrieved as zero', () => {
    // one of three retrieved, at rank 2: (1/2) / 3
    expect(averagePrecision(['x', 'a'], rel('a', 'b', 'c'))).toBeCloseTo(1 / 6, 10);
  });
  it('is 1 for a perfect ranking and 0 with nothing relevant', () => {
    expect(averagePrecision(['a', 'b', 'x'], rel('a', 'b'))).toBe(1);
    expect(averagePrecision(['a'], rel())).toBe(0);
  });
  it('ignores a repeated id', () => {
    expect(averagePrecision(['x', 'x', 'a'], rel('a'))).toBeCloseTo(1 / 3, 10);
  });
});

describe('precisionAt', () => {
  it('divides by k even when the list is shorter', () => {
    expect(precisionAt(['a', 'x'], rel('a'), 10)).toBe(0.1);
    expect(precisionAt(['a', 'b', 'c'], rel('a', 'c'), 2)).toBe(0.5);
  });
});

describe('ndcgAt', () => {
  it('discounts by log2(rank + 1) against the ideal ordering', () => {
    // relevant at rank 2 only, one relevant: (1/log2 3) / (1/log2 2)
    expect(ndcgAt(['x', 'a'], rel('a'), 10)).toBeCloseTo(1 / Math.log2(3), 10);
    // relevant at ranks 1 and 3 of two: (1 + 1/2) / (1 + 1/log2 3)
    expect(ndcgAt(['a', 'x', 'b'], rel('a', 'b'), 10)).toBeCloseTo(1.5 / (1 + 0.6309297535714575), 10);
  });
  it('caps the ideal at k and ignores ranks past k', () => {
    expect(ndcgAt(['a', 'b', 'c'], rel('a', 'b', 'c'), 2)).toBe(1);
    expect(ndcgAt(['x', 'y', 'a'], rel('a'), 2)).toBe(0);
  });
});

describe('mean', () => {
  it('is the arithmetic mean, 0 when empty', () => {
    expect(mean([1, 0, 0.5])).toBe(0.5);
    expect(mean([])).toBe(0);
  });
});

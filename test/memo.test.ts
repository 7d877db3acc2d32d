import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../src/memo.js';

describe('boundedMemo', () => {
  it('answers from memory, remembers undefined answers, and forgets the oldest past its bound', () => {
    const calls: string[] = [];
    const memo = boundedMemo((key: string) => {
      calls.push(key);
      return key === 'none' ? undefined : key.toUpperCase();
    }, 2);
    expect([memo('a'), memo('a'), memo('none'), memo('none')]).toEqual(['A', 'A', undefined, undefined]);
    expect(calls).toEqual(['a', 'none']);
    memo('b'); // 'a' is the oldest: forgotten
    memo('none');
    memo('a');
    expect(calls).toEqual(['a', 'none', 'b', 'a']);
  });
});

import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL, rougeN, rougeTokens } from '../../eval/rouge.js';

describe('rougeTokens', () => {
  it('lower-cases, splits on punctuation and stems', () => {
    expect(rougeTokens('The Cats, sat.On mats!')).toEqual(['the', 'cat', 'sat', 'on', 'mat']);
  });
});

describe('rougeN', () => {
  it('ROUGE-1 counts clipped unigram overlap', () => {
    // candidate: the the cat (3), reference: the cat sat on the mat (6); overlap: the×2, cat = 3
    const s = rougeN(['the', 'the', 'cat'], ['the', 'cat', 'sat', 'on', 'the', 'mat'], 1);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0.5);
    expect(s.f1).toBeCloseTo(2 / 3, 10);
  });
  it('clips a candidate repeat to the reference count', () => {
    // candidate: a a a (3), reference: a b (2): overlap 1, P 1/3, R 1/2, F1 0.4
    expect(rougeN(['a', 'a', 'a'], ['a', 'b'], 1).f1).toBeCloseTo(0.4, 10);
  });
  it('ROUGE-2 counts bigrams', () => {
    // candidate bigrams: (the cat)(cat sat)(sat down); reference: (the cat)(cat sat)(sat on)(on the)(the mat)
    const s = rougeN(['the', 'cat', 'sat', 'down'], ['the', 'cat', 'sat', 'on', 'the', 'mat'], 2);
    expect(s.precision).toBeCloseTo(2 / 3, 10);
    expect(s.recall).toBeCloseTo(2 / 5, 10);
    expect(s.f1).toBeCloseTo(0.5, 10);
  });
  it('is 0 when either side is too short', () => {
    expect(rougeN(['a'], ['a', 'b'], 2).f1).toBe(0);
    expect(rougeN([], ['a'], 1).f1).toBe(0);
  });
});

describe('rougeL', () => {
  it('uses the longest common subsequence', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'e'])).toBe(2);
    expect(lcsLength(['police', 'kill', 'the', 'gunman'], ['police', 'ended', 'the', 'gunman'])).toBe(3);
    // LCS 3 of 4 and 4: P = R = F1 = 0.75
    expect(rougeL(['police', 'kill', 'the', 'gunman'], ['police', 'ended', 'the', 'gunman']).f1).toBeCloseTo(0.75, 10);
    // LCS 2: P 2/4, R 2/3, F1 4/7
    expect(rougeL(['a', 'b', 'c', 'd'], ['a', 'c', 'e']).f1).toBeCloseTo(4 / 7, 10);
  });
});

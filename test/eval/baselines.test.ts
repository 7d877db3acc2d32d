import { describe, expect, it } from 'vitest';
import { baselineTokens, bm25Index } from '../../eval/bm25-baseline.js';
import { leadN, textRank } from '../../eval/textrank.js';

describe('bm25Index', () => {
  it('matches a hand-computed BM25 score', () => {
    // 2 docs, avgdl 2; "cat" in doc a only: idf = ln(1 + (2-1+0.5)/(1+0.5)) = ln 2;
    // doc a: tf 1, dl 2 → ln2 · 1·2.2 / (1 + 1.2·(0.25 + 0.75·1)) = ln2
    const index = bm25Index([{ id: 'a', text: 'cat dog' }, { id: 'b', text: 'dog dog' }], new Set());
    const hits = index.search('cat');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.score).toBeCloseTo(Math.log(2), 10);
  });
  it('lower-cases and drops the stop list, nothing else (no stemming)', () => {
    expect(baselineTokens('The Cats of Rome', new Set(['the', 'of']))).toEqual(['cats', 'rome']);
    const index = bm25Index([{ id: 'a', text: 'CATS' }], new Set());
    expect(index.search('cat')).toEqual([]);
  });
});

describe('summary baselines', () => {
  const text = 'Cats sit on mats in the garden. Dogs chase cats across the sun lit yard. Cats and dogs sleep in the garden. Birds sing.';
  it('Lead-3 takes the first three sentences verbatim', () => {
    expect(leadN(text, 3).map((s) => s.text)).toEqual(['Cats sit on mats in the garden.', 'Dogs chase cats across the sun lit yard.', 'Cats and dogs sleep in the garden.']);
  });
  it('TextRank returns verbatim sentences in article order and ranks connected sentences above isolated ones', () => {
    const picked = textRank(text, 2).map((s) => s.text);
    expect(picked).toHaveLength(2);
    expect(picked).not.toContain('Birds sing.');
    for (const s of picked) expect(text.includes(s)).toBe(true);
  });
});

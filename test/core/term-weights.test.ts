import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/search/build-index.js';
import { queryTermWeights } from '../../src/search/term-weights.js';
import { article } from '../support/articles.js';

describe('queryTermWeights', () => {
  // "policy" is in 4 of 5 articles, "ambassador" in 2, "lodge", "president" and "field" in 1.
  const index = buildIndex([
    article({ id: 'a', title: 'One', body: 'Ambassador Lodge met the president about policy.' }),
    article({ id: 'b', title: 'Two', body: 'The ambassador spoke on farm policy.' }),
    article({ id: 'c', title: 'Three', body: 'A new policy on trade.' }),
    article({ id: 'd', title: 'Four', body: 'Policy changes in schools.' }),
    article({ id: 'e', title: 'Five', body: 'Rain fell on the fields.' }),
  ]);
  const idf = (df: number) => Math.log(1 + (5 - df + 0.5) / (df + 0.5));

  it('weighs each term of a long query by the square root of its IDF over the rarest term’s', () => {
    const weights = queryTermWeights(index, 'ambassador Lodge, the president, policy and fields')!;
    expect(weights.get('lodge')).toBe(1);
    expect(weights.get('field')).toBe(1);
    expect(weights.get('ambassador')).toBeCloseTo(Math.sqrt(idf(2) / idf(1)), 10);
    expect(weights.get('policy')).toBeCloseTo(Math.sqrt(idf(4) / idf(1)), 10);
    expect(weights.get('policy')!).toBeLessThan(weights.get('ambassador')!);
  });

  it('leaves short queries alone', () => {
    expect(queryTermWeights(index, 'ambassador lodge policy')).toBeUndefined();
  });
});

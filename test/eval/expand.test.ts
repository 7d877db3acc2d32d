import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/search/build-index.js';
import { coordinate, FEEDBACK, withFeedback } from '../../src/search/expand.js';
import type { EngineHit, SearchEngine } from '../../src/search/search-engine.js';
import { processTerm } from '../../src/search/terms.js';
import { article } from '../support/articles.js';

const result = (id: string, score: number, queryTerms: string[]): EngineHit => ({ id, score, queryTerms, fields: [] });

describe('processTerm: plural-only stemming', () => {
  it('makes plurals singular and leaves everything else alone', () => {
    expect(['duties', 'revenues', 'talks', 'news', 'status', 'class', 'crisis', 'crises', 'analyses', 'isis', 'policy', 'police', 'running'].map((w) => processTerm(w))).toEqual([
      'duty', 'revenue', 'talk', 'news', 'status', 'class', 'crisis', 'crisis', 'analysis', 'isis', 'policy', 'police', 'running',
    ]);
    expect(processTerm('Revenues')).toBe('revenue');
  });
});

describe('coordinate', () => {
  it('undoes MiniSearch multiplying by the number of query terms matched, to the power given', () => {
    const results = [result('a', 6, ['x', 'y', 'z']), result('b', 4, ['x'])];
    expect(coordinate(results, 0).map((r) => [r.id, r.score])).toEqual([['b', 4], ['a', 2]]);
    expect(coordinate(results, 1).map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('withFeedback', () => {
  const docs = [
    article({ id: 'a', title: 'Wheat harvest', body: 'Wheat farmers sold grain to Moscow. The grain deal was large.' }),
    article({ id: 'b', title: 'Grain sales', body: 'A grain deal with Moscow worried farmers about wheat prices.' }),
    article({ id: 'c', title: 'Football', body: 'The wheat fields were next to the football ground.' }),
    article({ id: 'd', title: 'Moscow grain', body: 'Moscow bought grain from Canada in a large deal.' }),
    article({ id: 'e', title: 'Weather', body: 'Rain fell on the fields.' }),
  ];
  const index = buildIndex(docs);

  it('takes expansion terms from the top results, leaving out the query terms, best weighted 1', () => {
    let asked: { term: string; weight: number }[] = [];
    const engine = new Proxy(index.engine, {
      get: (target, name: keyof SearchEngine) =>
        name === 'searchTerms'
          ? (terms: readonly string[], options?: Parameters<SearchEngine['searchTerms']>[1]) => {
              asked = terms.map((term) => ({ term, weight: options?.boostTerm?.(term) ?? 0 }));
              return target.searchTerms(terms, options);
            }
          : typeof target[name] === 'function' ? (target[name] as (...args: unknown[]) => unknown).bind(target) : target[name],
    });
    withFeedback({ ...index, engine }, index.engine.search('wheat'), {}, { ...FEEDBACK, docs: 3, terms: 3 });
    expect(asked).toHaveLength(3);
    expect(asked.map((t) => t.term)).not.toContain('wheat');
    expect(asked[0]!.weight).toBe(1);
    expect(asked.map((t) => t.term)).toContain('grain');
  });

  it('only reorders what the query found, and lifts the article that shares the feedback terms', () => {
    const found = index.engine.search('wheat');
    const ranked = withFeedback(index, found, {}, { ...FEEDBACK, docs: 2 }).map((r) => r.id);
    expect(new Set(ranked)).toEqual(new Set(found.map((r) => r.id)));
    expect(ranked.indexOf('c')).toBe(ranked.length - 1);
  });

  it('leaves too-short result lists alone', () => {
    const found = index.engine.search('football');
    expect(withFeedback(index, found, {}).map((r) => r.id)).toEqual(['c']);
  });
});

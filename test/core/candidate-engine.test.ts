import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { candidateDoc, candidateEngine, loadCandidateEngine, type CandidateDoc, type CorpusTermStats } from '../../src/search/candidate-engine.js';
import { createMiniSearchEngine } from '../../src/search/minisearch-engine.js';
import { article } from '../support/articles.js';
import { searchEngineContract } from './search-engine-contract.js';

/** The corpus statistics of a set of documents, counted here (PostgreSQL keeps them for the postgres engine). */
function statsOf(docs: readonly CandidateDoc[]): CorpusTermStats {
  const stats: CorpusTermStats = { documents: docs.length, lengthTotals: [0, 0, 0, 0, 0], fieldFrequency: new Map(), frequency: new Map() };
  for (const doc of docs) {
    doc.lengths.forEach((l, f) => (stats.lengthTotals[f]! += l));
    for (const [term, tf] of doc.tf) {
      const perField = stats.fieldFrequency.get(term) ?? [0, 0, 0, 0, 0];
      tf.forEach((n, f) => (perField[f]! += n > 0 ? 1 : 0));
      stats.fieldFrequency.set(term, perField);
      stats.frequency.set(term, (stats.frequency.get(term) ?? 0) + 1);
    }
  }
  return stats;
}

const engineOver = (articles: readonly Article[]) => {
  const docs = articles.map(candidateDoc);
  return candidateEngine(docs, statsOf(docs));
};

searchEngineContract('candidates (corpus statistics given)', { create: engineOver, load: loadCandidateEngine });

const WORDS = ['harbour', 'storm', 'bank', 'rates', 'rail', 'strike', 'vaccine', 'drought', 'plains', 'wheat', 'border', 'election', 'ministry', 'minister', 'ministerial', 'ministers'];

describe('candidate engine', () => {
  it('scores a subset of the corpus exactly as MiniSearch scores it in the whole corpus (generated corpora and queries)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), body: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }), tags: fc.array(fc.constantFrom('rail', 'storm', 'economy'), { maxLength: 2 }) }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.constantFrom(...WORDS, 'minis', 'ministre', 'stormm'), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 7 }),
        (records, words, all, every) => {
          const articles = records.map((r, i) => article({ id: `d${String(i).padStart(3, '0')}`, title: r.title.join(' '), body: r.body.join(' '), tags: r.tags }));
          const docs = articles.map(candidateDoc);
          const stats = statsOf(docs);
          const subset = docs.filter((_, i) => i % every === 0);
          const mini = createMiniSearchEngine(articles);
          const view = candidateEngine(subset, stats);
          const wanted = new Set(subset.map((d) => d.id));
          const expected = mini.search(words.join(' '), { all }).filter((h) => wanted.has(h.id));
          const got = view.search(words.join(' '), { all });
          expect(got.map((h) => h.id).sort()).toEqual(expected.map((h) => h.id).sort());
          const byId = new Map(got.map((h) => [h.id, h]));
          for (const h of expected) {
            const mine = byId.get(h.id)!;
            expect(mine.score).toBeCloseTo(h.score, 9);
            expect([...mine.queryTerms].sort()).toEqual([...h.queryTerms].sort());
            expect([...mine.fields].sort()).toEqual([...h.fields].sort());
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

import { deserialize, serialize } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import type { SavedEngine, SearchEngine } from '../../src/search/search-engine.js';
import { article } from '../support/articles.js';

/** How a contract run makes and reloads the engine under test. */
export interface EngineFactory {
  /** An engine holding these articles. */
  create(articles: readonly Article[]): SearchEngine;
  /** The engine saved as `saved`, or undefined when it is not this engine's. */
  load(saved: SavedEngine): SearchEngine | undefined;
}

const DOCS: Article[] = [
  article({ id: 'a', title: 'Taliban revenue', body: 'The Taliban collect customs revenue at the border.', tags: ['afghanistan'] }),
  article({ id: 'b', title: 'Afghanistan border trade', body: 'Trucks cross the border with wheat and fuel.' }),
  article({ id: 'c', title: 'Wheat prices', body: 'Wheat prices rose. Farmers sold wheat and more wheat.' }),
  article({ id: 'd', title: 'Rail strike', body: 'Rail workers walked out over pay.' }),
  article({ id: 'e', title: 'Customs reform', body: 'A customs reform cuts revenue collected on fuel.' }),
];

const ids = (hits: readonly { id: string }[]) => hits.map((h) => h.id);

/**
 * The behaviour every {@link SearchEngine} must have: run by each implementation's test file, so the
 * MiniSearch engine and any later one (top-k, PostgreSQL) answer the same way.
 */
export function searchEngineContract(name: string, factory: EngineFactory): void {
  describe(`SearchEngine contract: ${name}`, () => {
    it('finds the documents holding a word, best first, with the query terms and fields they matched', () => {
      const engine = factory.create(DOCS);
      const hits = engine.search('wheat');
      expect(new Set(ids(hits))).toEqual(new Set(['b', 'c']));
      expect(hits[0]!.id).toBe('c');
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
      expect(hits[0]!.queryTerms).toEqual(['wheat']);
      expect(hits[0]!.fields).toEqual(expect.arrayContaining(['title', 'body']));
      expect(ids(engine.search('Revenues'))).toEqual(expect.arrayContaining(['a', 'e']));
    });

    it('answers nothing for text with no index term, and survives hostile text', () => {
      const engine = factory.create(DOCS);
      for (const text of ['', '   ', '!!!', 'the of a', '__proto__', 'constructor', '\u0000\uffff']) expect(engine.search(text)).toEqual([]);
      expect(engine.documentFrequency('__proto__')).toBe(0);
      expect(engine.searchTerms([])).toEqual([]);
    });

    it('with all: only documents holding every term; otherwise any', () => {
      const engine = factory.create(DOCS);
      expect(ids(engine.search('customs revenue', { all: true })).sort()).toEqual(['a', 'e']);
      expect(ids(engine.search('wheat fuel', { all: true }))).toEqual(['b']);
      expect(new Set(ids(engine.search('wheat fuel')))).toEqual(new Set(['b', 'c', 'e']));
      const both = engine.search('wheat fuel').find((h) => h.id === 'b')!;
      expect([...both.queryTerms].sort()).toEqual(['fuel', 'wheat']);
    });

    it('matches prefixes and misspellings unless told not to', () => {
      const engine = factory.create(DOCS);
      expect(ids(engine.search('afghan'))).toContain('b');
      expect(ids(engine.search('afghan', { prefix: false }))).toEqual([]);
      expect(ids(engine.search('talibann'))).toContain('a');
      expect(ids(engine.search('talibann', { fuzzy: false }))).toEqual([]);
    });

    it('keeps only what the filter accepts, telling it the terms each candidate matched', () => {
      const engine = factory.create(DOCS);
      const seen = new Map<string, readonly string[]>();
      const hits = engine.search('wheat fuel', { filter: (id, terms) => (seen.set(id, terms), id !== 'c') });
      expect(ids(hits)).not.toContain('c');
      expect([...seen.get('b')!].sort()).toEqual(['fuel', 'wheat']);
    });

    it('weighs terms by boostTerm', () => {
      const engine = factory.create(DOCS);
      expect(engine.search('wheat fuel', { boostTerm: (t) => (t === 'fuel' ? 10 : 1) })[0]!.id).not.toBe('c');
      expect(engine.search('wheat fuel', { boostTerm: (t) => (t === 'wheat' ? 10 : 1) })[0]!.id).toBe('c');
    });

    it('searchTop gives the best hits of search and counts every match, with the recency-style boost', () => {
      const engine = factory.create(DOCS);
      const boostDocument = { factor: (id: string) => (id === 'e' ? 1.25 : 1), max: 1.25 };
      for (const text of ['wheat fuel', 'revenue', 'customs revenue border', 'zebra']) {
        for (const ask of [{}, { boostDocument }, { all: true }, { filter: (id: string) => id !== 'b' }]) {
          const every = engine.search(text, ask);
          const best = engine.searchTop(text, { ...ask, top: 2 });
          expect(best.hits).toEqual(every.slice(0, 2));
          if (best.exact) expect(best.total).toBe(every.length);
        }
      }
      expect(engine.searchTop('wheat', { top: 0 })).toMatchObject({ hits: [], total: 2 });
    });

    it('searches index terms exactly, without processing or prefixes', () => {
      const engine = factory.create(DOCS);
      expect(new Set(ids(engine.searchTerms(['wheat', 'rail'])))).toEqual(new Set(['b', 'c', 'd']));
      expect(engine.searchTerms(['afghan'])).toEqual([]);
      expect(ids(engine.searchTerms(['wheat'], { filter: (id) => id === 'b' }))).toEqual(['b']);
    });

    it('counts document frequency exactly', () => {
      const engine = factory.create(DOCS);
      expect(engine.documentFrequency('wheat')).toBe(2);
      expect(engine.documentFrequency('revenue')).toBe(2);
      expect(engine.documentFrequency('afghan')).toBe(0);
      expect(engine.documentFrequency('zebra')).toBe(0);
    });

    it('suggests index terms close to a misspelt or cut-short word', () => {
      const engine = factory.create(DOCS);
      expect(engine.suggest('talibn').flat()).toContain('taliban');
      expect(engine.suggest('custo').flat()).toContain('custom');
      expect(engine.suggest('qqqqqq')).toEqual([]);
    });

    it('adds and removes documents, counting them', () => {
      const engine = factory.create(DOCS);
      expect(engine.documentCount).toBe(5);
      engine.add(article({ id: 'f', title: 'Zebra crossing', body: 'A zebra crossing was repainted.' }));
      expect(engine.documentCount).toBe(6);
      expect(ids(engine.search('zebra'))).toEqual(['f']);
      expect(engine.remove('c')).toBe(true);
      expect(engine.remove('c')).toBe(false);
      expect(engine.remove('nope')).toBe(false);
      expect(engine.documentCount).toBe(5);
      expect(ids(engine.search('wheat'))).toEqual(['b']);
      expect(engine.documentFrequency('wheat')).toBe(1);
    });

    it('saves a structured-clonable state that loads into an engine giving the same answers', () => {
      const engine = factory.create(DOCS);
      engine.remove('d');
      engine.add(article({ id: 'd', title: 'Rail strike ends', body: 'Rail workers are back.' }));
      const loaded = factory.load(deserialize(serialize(engine.save())) as SavedEngine)!;
      expect(loaded).toBeDefined();
      expect(loaded.documentCount).toBe(engine.documentCount);
      for (const q of ['wheat', 'rail strike', 'customs revenue', 'talibann', 'afghan']) expect(loaded.search(q)).toEqual(engine.search(q));
      expect(factory.load({ engine: 'another-engine', data: {} })).toBeUndefined();
      expect(factory.load({ engine: engine.save().engine, data: 42 })).toBeUndefined();
    });

    it('holds exactly what was added and not removed (generated changes)', () => {
      const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.boolean(), fc.subarray(words, { minLength: 1 })), { maxLength: 25 }), (steps) => {
          const engine = factory.create([]);
          const held = new Map<string, string[]>();
          for (const [n, add, text] of steps) {
            const id = `doc-${n}`;
            if (held.has(id)) engine.remove(id);
            held.delete(id);
            if (add) {
              engine.add(article({ id, title: '', body: text.join(' ') }));
              held.set(id, text);
            }
          }
          expect(engine.documentCount).toBe(held.size);
          for (const w of words) {
            const expected = [...held].filter(([, text]) => text.includes(w)).map(([id]) => id).sort();
            expect(ids(engine.searchTerms([w])).sort()).toEqual(expected);
            expect(engine.documentFrequency(w)).toBe(expected.length);
          }
        }),
        { numRuns: 100 },
      );
    });
  });
}

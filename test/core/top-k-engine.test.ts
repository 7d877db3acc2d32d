import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { indexFromSnapshot, snapshotBytes, snapshotKey } from '../../src/search/index-snapshot.js';
import { createMiniSearchEngine } from '../../src/search/minisearch-engine.js';
import type { EngineSearchOptions } from '../../src/search/search-engine.js';
import { createTopKEngine, loadTopKEngine } from '../../src/search/top-k-engine.js';
import { article } from '../support/articles.js';
import { CORPUS } from '../support/paths.js';
import { searchEngineContract } from './search-engine-contract.js';

searchEngineContract('top-k (fast)', { create: (articles) => createTopKEngine(articles), load: (saved) => loadTopKEngine(saved) });
searchEngineContract('top-k (exhaustive)', { create: (articles) => createTopKEngine(articles, { exhaustive: true }), load: (saved) => loadTopKEngine(saved, { exhaustive: true }) });

const WORDS = ['harbour', 'storm', 'bank', 'rates', 'rail', 'strike', 'vaccine', 'drought', 'plains', 'wheat', 'border', 'election', 'ministry', 'minister', 'ministerial'];

const corpus = fc.array(
  fc.record({
    title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }),
    body: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }),
    age: fc.integer({ min: 0, max: 60 }),
  }),
  { minLength: 1, maxLength: 150 },
);
const query = fc.record({
  words: fc.array(fc.constantFrom(...WORDS, 'minis', 'stor'), { minLength: 1, maxLength: 4 }),
  all: fc.boolean(),
  prefix: fc.boolean(),
  filtered: fc.boolean(),
  boosted: fc.boolean(),
});

function articlesOf(docs: { title: string[]; body: string[]; age: number }[]): Article[] {
  return docs.map((d, i) => article({ id: `doc-${String(i).padStart(3, '0')}`, title: d.title.join(' '), body: d.body.join(' '), published: new Date(Date.UTC(2026, 0, 1) - d.age * 86_400_000).toISOString() }));
}

describe('top-k engine', () => {
  it("fast path's top 5 equals the exhaustive top 5 on generated corpora and queries (filters, AND, prefixes, recency boost)", () => {
    fc.assert(
      fc.property(corpus, fc.array(query, { minLength: 1, maxLength: 5 }), (docs, queries) => {
        const articles = articlesOf(docs);
        const fast = createTopKEngine(articles);
        const exhaustive = createTopKEngine(articles, { exhaustive: true });
        const ages = new Map(docs.map((d, i) => [articles[i]!.id, d.age]));
        for (const q of queries) {
          const ask: EngineSearchOptions = {
            top: 5,
            fuzzy: false,
            all: q.all,
            ...(q.prefix ? {} : { prefix: false }),
            ...(q.filtered ? { filter: (id: string) => id.charCodeAt(id.length - 1) % 3 !== 0 } : {}),
            ...(q.boosted ? { boostDocument: { factor: (id: string) => 1 + 0.25 * Math.pow(0.5, ages.get(id)! / 14), max: 1.25 } } : {}),
          };
          const text = q.words.join(' ');
          expect(fast.search(text, ask)).toEqual(exhaustive.search(text, ask));
          expect(exhaustive.search(text, ask)).toEqual(exhaustive.search(text, { ...ask, top: undefined }).slice(0, 5));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('ranks as MiniSearch does on the seed corpus, misspellings included (same top 10, scores within float32 rounding)', async () => {
    const articles = (await readCorpus(CORPUS)).articles;
    const mini = createMiniSearchEngine(articles);
    const topk = createTopKEngine(articles);
    for (const text of ['taliban revenue', 'xi putin', 'china russia', 'ukraine', 'strategic coordination', 'afghan', 'sanctions economy', 'talibann revenus', 'sanctons']) {
      for (const ask of [{}, { fuzzy: false }, { fuzzy: false, prefix: false }, { fuzzy: false, all: true }] as EngineSearchOptions[]) {
        const theirs = mini.search(text, ask).slice(0, 10);
        const ours = topk.search(text, { ...ask, top: 10 });
        expect(ours.map((h) => h.id), `${text} ${JSON.stringify(ask)}`).toEqual(theirs.map((h) => h.id));
        ours.forEach((h, i) => {
          expect(h.score).toBeCloseTo(theirs[i]!.score, 4);
          expect([...h.queryTerms].sort()).toEqual([...theirs[i]!.queryTerms].sort());
          expect([...h.fields].sort()).toEqual([...theirs[i]!.fields].sort());
        });
      }
    }
  });

  it('keeps the fast path through changes: its top 5 equals the exhaustive top 5, removed articles never come back, added ones are found', () => {
    fc.assert(
      fc.property(corpus, corpus, fc.array(fc.nat(), { maxLength: 30 }), fc.array(query, { minLength: 1, maxLength: 3 }), (docs, more, removals, queries) => {
        const articles = articlesOf(docs);
        const added = articlesOf(more).map((a) => ({ ...a, id: `new-${a.id}` }));
        const fast = createTopKEngine(articles);
        const exhaustive = createTopKEngine(articles, { exhaustive: true });
        const gone = new Set<string>();
        for (const n of removals) {
          const id = articles[n % articles.length]!.id;
          expect(fast.remove(id)).toBe(!gone.has(id));
          exhaustive.remove(id);
          gone.add(id);
        }
        for (const a of added) {
          fast.add(a);
          exhaustive.add(a);
        }
        expect(fast.documentCount).toBe(articles.length - gone.size + added.length);
        for (const q of queries) {
          const ask: EngineSearchOptions = { top: 5, fuzzy: false, all: q.all, ...(q.prefix ? {} : { prefix: false }) };
          const text = q.words.join(' ');
          const got = fast.search(text, ask);
          expect(got).toEqual(exhaustive.search(text, ask));
          expect(got.filter((h) => gone.has(h.id))).toEqual([]);
          const every = exhaustive.search(text, { ...ask, top: undefined });
          expect(fast.searchTop(text, { ...ask, top: 5 })).toEqual({ hits: got, total: every.length, exact: true });
        }
        for (const a of added.slice(0, 5)) expect(fast.search(a.title, { fuzzy: false, prefix: false }).map((h) => h.id)).toContain(a.id);
      }),
      { numRuns: 60 },
    );
  });

  it('merges its changes when they exceed a tenth of the corpus, then answers exactly as an engine built afresh', () => {
    const docs = Array.from({ length: 60 }, (_, i) => ({ title: [WORDS[i % WORDS.length]!], body: [WORDS[(i * 7) % WORDS.length]!, WORDS[(i * 3) % WORDS.length]!], age: i % 30 }));
    const articles = articlesOf(docs);
    const engine = createTopKEngine(articles.slice(0, 40));
    for (const a of articles.slice(40)) engine.add(a);
    engine.remove(articles[3]!.id);
    const fresh = createTopKEngine(articles.filter((_, i) => i !== 3));
    for (const text of ['storm harbour', 'rail strike', 'minis', 'wheat']) expect(engine.search(text, { top: 10, fuzzy: false })).toEqual(fresh.search(text, { top: 10, fuzzy: false }));
    expect((engine.save().data as { delta: { live: number } }).delta.live).toBe(0);
  });

  it('counts the matches of a filtered search: exactly when it asked the filter about every one, else an estimate near the truth', () => {
    const docs = Array.from({ length: 400 }, (_, i) => ({ title: [WORDS[i % 3]!], body: [WORDS[i % 5]!, 'storm'], age: i % 60 }));
    const articles = articlesOf(docs);
    const engine = createTopKEngine(articles);
    const filter = (id: string) => Number(id.slice(4)) % 2 === 0;
    const truth = createTopKEngine(articles, { exhaustive: true }).search('storm harbour', { fuzzy: false, filter }).length;
    const { hits, total, exact } = engine.searchTop('storm harbour', { top: 5, fuzzy: false, filter });
    expect(hits).toHaveLength(5);
    if (exact) expect(total).toBe(truth);
    else expect(Math.abs(total - truth)).toBeLessThan(truth * 0.25);
    expect(createTopKEngine(articles, { exhaustive: true }).searchTop('storm harbour', { top: 5, fuzzy: false, filter })).toMatchObject({ total: truth, exact: true });
  });

  it('skips documents published outside a date hint unread, and never returns them', () => {
    const articles = articlesOf(Array.from({ length: 50 }, (_, i) => ({ title: ['storm'], body: ['harbour'], age: i })));
    const engine = createTopKEngine(articles);
    const since = Date.UTC(2026, 0, 1) - 10 * 86_400_000;
    const asked: string[] = [];
    const hits = engine.search('storm', { top: 100, fuzzy: false, published: { since }, filter: (id) => (asked.push(id), true) });
    expect(hits.map((h) => h.id).sort()).toEqual(articles.slice(0, 11).map((a) => a.id));
    expect([...new Set(asked)].sort()).toEqual(articles.slice(0, 11).map((a) => a.id));
  });

  it('is kept in the index snapshot with its postings, and a damaged postings block is refused', async () => {
    const articles = (await readCorpus(CORPUS)).articles;
    const index = { engine: createTopKEngine(articles), articles: new Map(articles.map((a) => [a.id, a])) };
    const key = snapshotKey(articles);
    const loaded = indexFromSnapshot(snapshotBytes(index, key), articles, key)!;
    expect(loaded.engine.save().engine).toBe('top-k');
    expect((loaded.engine.save().data as { postings?: unknown }).postings).toBeDefined();
    for (const text of ['taliban revenue', 'china russia']) expect(loaded.engine.search(text, { top: 10, fuzzy: false })).toEqual(index.engine.search(text, { top: 10, fuzzy: false }));
    const saved = index.engine.save();
    const data = saved.data as { postings: { docs: Int32Array } };
    const broken = { ...saved, data: { ...data, postings: { ...data.postings, docs: new Int32Array([1e9]) } } };
    expect(loadTopKEngine(broken)).toBeUndefined();
  });
});

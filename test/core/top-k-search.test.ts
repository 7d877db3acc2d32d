import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeBrief, type Brief } from '../../src/brief/make-brief.js';
import type { Article } from '../../src/articles/article.js';
import { buildIndex, TOP_K_FROM, type EngineChoice } from '../../src/search/build-index.js';
import { parseQuery } from '../../src/search/query.js';
import { searchIndex, searchTopHits } from '../../src/search/search.js';
import { renderBrief } from '../../src/render/brief-message.js';
import { article } from '../support/articles.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const WORDS = ['harbour', 'storm', 'bank', 'rates', 'rail', 'strike', 'vaccine', 'drought', 'plains', 'wheat', 'border', 'election', 'ministry', 'minister'];
const SOURCES = ['Reuters', 'BBC News', 'The Guardian', 'Al Jazeera'];

/** A seeded corpus: titles and bodies of the words, four outlets, dates over 90 days (some undated), tags. */
function corpus(size: number, seed: number): Article[] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]!).join(' ');
  return Array.from({ length: size }, (_, i) =>
    article({
      id: `a${String(i).padStart(4, '0')}`,
      title: words(1 + Math.floor(rnd() * 4)),
      body: `${words(5 + Math.floor(rnd() * 25))}.`,
      source: SOURCES[i % SOURCES.length]!,
      tags: [WORDS[i % 5]!],
      ...(i % 17 === 0 ? {} : { published: new Date(NOW.getTime() - Math.floor(rnd() * 90) * 86_400_000).toISOString() }),
    }),
  );
}

const query = fc.record({
  words: fc.array(fc.constantFrom(...WORDS, 'minis', 'stor', 'wheet'), { minLength: 1, maxLength: 3 }),
  source: fc.option(fc.constantFrom('reuters', 'bbc', 'guardian'), { nil: undefined }),
  since: fc.option(fc.constantFrom('7d', '30d', '60d'), { nil: undefined }),
  tag: fc.option(fc.constantFrom(...WORDS.slice(0, 5)), { nil: undefined }),
  phrase: fc.option(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)), { nil: undefined }),
  exclude: fc.option(fc.constantFrom(...WORDS), { nil: undefined }),
});

function text(q: typeof query extends fc.Arbitrary<infer T> ? T : never): string {
  const parts = [...q.words];
  if (q.phrase !== undefined) parts.push(`"${q.phrase.join(' ')}"`);
  if (q.exclude !== undefined) parts.push(`-${q.exclude}`);
  if (q.source !== undefined) parts.push(`source:${q.source}`);
  if (q.since !== undefined) parts.push(`since:${q.since}`);
  if (q.tag !== undefined) parts.push(`tag:${q.tag}`);
  return parts.join(' ');
}

function view(b: Brief): unknown {
  return b.kind === 'results' ? { items: b.items.map((i) => [i.article.id, i.others.map((o) => o.id)]), stories: b.totalStories, articles: b.totalArticles, page: b.page } : b.kind;
}

describe('the top path of a search (what /brief asks on a large corpus)', () => {
  const articles = corpus(900, 11);
  const engines: EngineChoice[] = ['minisearch', 'top-k'];
  const indexes = engines.map((e) => [e, buildIndex(articles, e)] as const);

  it('gives the first hits of the full ranking, with the recency boost, filters, phrases and exclusions, and counts all matches', () => {
    fc.assert(
      fc.property(query, fc.integer({ min: 1, max: 12 }), (q, top) => {
        const parsed = parseQuery(text(q), NOW);
        for (const [engine, index] of indexes) {
          const full = searchIndex(index, parsed, { now: NOW, feedback: false });
          const best = searchTopHits(index, parsed, { now: NOW, feedback: false }, top);
          const ids = (hits: readonly { article: Article }[]) => hits.map((h) => h.article.id);
          expect(ids(best.hits), `${engine}: ${text(q)}`).toEqual(ids(full.slice(0, top)));
          best.hits.forEach((h, i) => expect(h.score).toBeCloseTo(full[i]!.score, 9));
          expect(best.exact).toBe(true);
          expect(best.total).toBe(full.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('makes the same brief, page after page, from either engine', () => {
    for (const q of ['storm harbour', 'wheat source:reuters since:30d', '"rail strike"', 'minis -bank', 'vaccine tag:storm']) {
      const [mini, topk] = indexes.map(([, index]) => view(makeBrief(index, q, { now: NOW, page: 1 })));
      expect(topk, q).toEqual(mini);
    }
  });

  it('says "about" when the count of a filtered search is an estimate', () => {
    const brief = makeBrief(indexes[1]![1], 'storm', { now: NOW });
    expect(brief.kind === 'results' && brief.estimated).toBeUndefined();
    const shown = JSON.stringify(renderBrief({ ...(brief as Extract<typeof brief, { kind: 'results' }>), estimated: true }).blocks);
    expect(shown).toMatch(/about \d+ stor(y|ies) from about \d+ articles?/);
    expect(TOP_K_FROM).toBeGreaterThan(articles.length);
  });
});

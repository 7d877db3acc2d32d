import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { buildIndex } from '../../src/search/build-index.js';
import { queryTerms, runSearch, SEARCH_SPEED } from '../../src/search/fast-search.js';
import { parseQuery } from '../../src/search/query.js';
import { passesFilters, searchIndex } from '../../src/search/search.js';
import { article } from '../support/articles.js';
import { CORPUS } from '../support/paths.js';

const now = new Date('2026-11-28T09:00:00Z');

/** What the phrase filter compares, written as the four replacements its one-pass version replaced. */
const normalizeForPhrase = (s: string) => s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\s+/g, ' ');

describe('search speed-ups keep the answers', () => {
  it('the phrase filter finds a phrase exactly where the texts, normalized by the four plain replacements, contain it (property)', () => {
    const chars = fc.constantFrom('a', 'b', 'A', 'B', 'é', ' ', ' ', '\n', '\t', '\u00A0', '\u2018', '\u2019', "'", '\u201C', '\u201D', '"', '\u2013', '\u2014', '-', '.', '(', '*');
    const text = fc.array(chars, { maxLength: 30 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, text, (title, body, raw) => {
        const phrase = raw.trim().toLowerCase();
        const query = { text: '', words: [], phrases: [phrase], exclude: [], sources: [], tags: [], langs: [], notes: [], help: false };
        const a = article({ id: 'x', title, body: body === '' ? 'x' : body });
        const expected = normalizeForPhrase(`${a.title}\n${a.body}`).includes(normalizeForPhrase(phrase));
        return passesFilters(a, query) === expected;
      }),
      { numRuns: 2000 },
    );
  });

  it('AND-first returns the articles holding every word when there are enough, else falls back to any word', async () => {
    const index = buildIndex((await readCorpus(CORPUS)).articles);
    const all = index.engine.search('russia kazakhstan', { all: true, fuzzy: false });
    const any = index.engine.search('russia kazakhstan');
    expect(any.length).toBeGreaterThan(all.length);
    const few = { ...SEARCH_SPEED, andFirstMin: all.length + 1 };
    expect(runSearch(index.engine, 'russia kazakhstan', () => true, few).map((r) => r.id)).toEqual(any.map((r) => r.id));
    const enough = { ...SEARCH_SPEED, andFirstMin: Math.max(1, all.length) };
    expect(runSearch(index.engine, 'russia kazakhstan', () => true, enough).map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  it('fuzzy matching is skipped only on a large index with enough exact matches', async () => {
    const index = buildIndex((await readCorpus(CORPUS)).articles);
    const misspelt = 'talibann';
    expect(index.engine.search(misspelt, { fuzzy: false }).length).toBe(0);
    expect(runSearch(index.engine, misspelt, () => true).length).toBeGreaterThan(0);
    const large = { ...SEARCH_SPEED, fuzzyBelowFrom: 1, fuzzyBelow: 1 };
    expect(runSearch(index.engine, 'taliban', () => true, large).map((r) => r.id)).toEqual(index.engine.search('taliban', { fuzzy: false }).map((r) => r.id));
  });

  it('queryTerms processes a query as the index does', () => {
    expect([...queryTerms('The Taliban, the taliban!')]).toHaveLength(1);
  });

  it('a phrase query finds only articles that hold the phrase verbatim', async () => {
    const index = buildIndex((await readCorpus(CORPUS)).articles);
    const hits = searchIndex(index, parseQuery('"strategic coordination"', now), { now });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(normalizeForPhrase(`${h.article.title}\n${h.article.body}`)).toContain('strategic coordination');
  });
});

import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Article } from '../articles/article.js';
import { INDEX_OPTIONS } from './index-options.js';
import { loadMiniSearch, saveMiniSearch, type SavedMiniSearch } from './minisearch-state.js';
import type { EngineHit, EngineSearchOptions, SavedEngine, SearchEngine } from './search-engine.js';
import { memoizeTerms } from './term-cache.js';

/** {@link INDEX_OPTIONS} with its term processing memoized (same terms, several times faster to build). */
const RUNTIME_INDEX_OPTIONS = { ...INDEX_OPTIONS, processTerm: memoizeTerms(INDEX_OPTIONS.processTerm) };

/** The name a MiniSearch engine saves itself under ({@link SavedEngine.engine}). */
const MINISEARCH_ENGINE = 'minisearch';

/** How far a suggestion may be from the typed word (a share of its length), prefixes included. */
const SUGGEST = { fuzzy: 0.34, prefix: true, combineWith: 'OR' } as const;

/**
 * The {@link SearchEngine} over MiniSearch, holding `articles`. `searchOptions` replaces some of the
 * index's query-time defaults (for tuning aids; the app uses the defaults).
 *
 * @example createMiniSearchEngine([article]).documentCount // => 1
 */
export function createMiniSearchEngine(articles: readonly Article[] = [], searchOptions: SearchOptions = {}): SearchEngine {
  const options = { ...RUNTIME_INDEX_OPTIONS, searchOptions: { ...RUNTIME_INDEX_OPTIONS.searchOptions, ...searchOptions } } as typeof RUNTIME_INDEX_OPTIONS;
  const search = new MiniSearch<Article>(options);
  search.addAll(articles);
  return miniSearchEngine(search);
}

/**
 * The engine saved by a MiniSearch engine's `save()`, or `undefined` when `saved` is not one.
 *
 * @example loadMiniSearchEngine(index.engine.save())?.documentCount // => articles.length
 */
export function loadMiniSearchEngine(saved: SavedEngine): SearchEngine | undefined {
  if (saved?.engine !== MINISEARCH_ENGINE || typeof saved.data !== 'object' || saved.data === null) return undefined;
  try {
    return miniSearchEngine(loadMiniSearch(saved.data as SavedMiniSearch, RUNTIME_INDEX_OPTIONS));
  } catch {
    return undefined;
  }
}

function miniSearchEngine(search: MiniSearch<Article>): SearchEngine {
  return {
    get documentCount() {
      return search.documentCount;
    },
    search: (text, options = {}) => ranked(search.search(text, toSearchOptions(options)).map(toHit), options),
    searchTop: (text, options) => {
      const all = ranked(search.search(text, toSearchOptions(options)).map(toHit), { ...options, top: undefined });
      return { hits: all.slice(0, Math.max(0, options.top)), total: all.length, exact: true };
    },
    searchTerms: (terms, options: EngineSearchOptions = {}) => {
      const exact: SearchOptions = { ...toSearchOptions(options), processTerm: (t) => t, tokenize: () => [...terms], prefix: false, fuzzy: false, combineWith: 'OR' };
      return terms.length === 0 ? [] : ranked(search.search(terms.join(' '), exact).map(toHit), options);
    },
    documentFrequency: (term) => search.search(term, { processTerm: (t) => t, tokenize: (s) => [s], prefix: false, fuzzy: false }).length,
    suggest: (word) => search.autoSuggest(word, SUGGEST).map((s) => s.terms),
    add: (article) => search.add(article),
    remove: (id) => {
      if (!search.has(id)) return false;
      search.discard(id);
      return true;
    },
    save: () => ({ engine: MINISEARCH_ENGINE, data: saveMiniSearch(search) }),
  };
}

/** Applies `boostDocument` (then sorts again, stably) and `top` to MiniSearch's hits. */
function ranked(hits: EngineHit[], options: EngineSearchOptions): EngineHit[] {
  const boost = options.boostDocument;
  const boosted = boost === undefined ? hits : hits.map((h) => ({ ...h, score: h.score * boost.factor(h.id) })).sort((a, b) => b.score - a.score);
  return options.top === undefined ? boosted : boosted.slice(0, Math.max(0, options.top));
}

function toSearchOptions(options: EngineSearchOptions): SearchOptions {
  const out: SearchOptions = {};
  if (options.all === true) out.combineWith = 'AND';
  if (options.prefix === false) out.prefix = false;
  if (options.fuzzy === false) out.fuzzy = false;
  const { filter, boostTerm } = options;
  if (filter !== undefined) out.filter = (r: SearchResult) => filter(r.id as string, r.queryTerms);
  if (boostTerm !== undefined) out.boostTerm = boostTerm;
  return out;
}

function toHit(result: SearchResult): EngineHit {
  const fields: string[] = [];
  for (const term in result.match) for (const field of result.match[term]!) if (!fields.includes(field)) fields.push(field);
  return { id: result.id as string, score: result.score, queryTerms: result.queryTerms, fields };
}

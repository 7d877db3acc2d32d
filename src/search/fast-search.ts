import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Article } from '../articles/article.js';
import { RUNTIME_INDEX_OPTIONS } from './build-index.js';

/** How {@link runSearch} trades a little recall for speed on a large corpus. */
export interface SearchSpeed {
  /**
   * A query of several words first asks for articles holding every word (exact or prefix); only when
   * that finds fewer than this many does it fall back to any word. 0 turns it off.
   */
  andFirstMin: number;
  /** Fuzzy (misspelling) matching runs only when exact and prefix matching find fewer than this. 0: always fuzzy. */
  fuzzyBelow: number;
  /**
   * {@link SearchSpeed.fuzzyBelow} applies only to an index of at least this many articles: on a small
   * corpus fuzzy matching is cheap and its extra recall is worth having (on the TIME collection,
   * skipping it lowers MAP by 0.014–0.020).
   */
  fuzzyBelowFrom: number;
  /**
   * Pseudo-relevance feedback (expand.ts) runs only on an index of fewer articles than this: it
   * costs a search per candidate term plus an expansion search, which at 10k articles multiplies
   * a query's time by about ten, and at 100k takes seconds (BENCHMARKS.md). Infinity: always.
   */
  feedbackBelow: number;
}

/** The defaults: see BENCHMARKS.md for what each saves at 100k articles. */
export const SEARCH_SPEED: SearchSpeed = { andFirstMin: 10, fuzzyBelow: 10, fuzzyBelowFrom: 20_000, feedbackBelow: 5_000 };

/**
 * MiniSearch's search, cheapest first. MiniSearch scores and sorts every article that matches, so a
 * search costs what its result count costs: asking for all the words, and fuzzy matching only when
 * needed, keeps the common queries small. `boostTerm` weighs each query term (see term-weights.ts).
 * Returns MiniSearch's results, best first.
 *
 * @example runSearch(index.search, 'taliban revenue', () => true).length > 0 // => true
 */
export function runSearch(
  search: MiniSearch<Article>,
  text: string,
  filter: (result: SearchResult) => boolean,
  speed: SearchSpeed = SEARCH_SPEED,
  boostTerm?: (term: string) => number,
): SearchResult[] {
  const weighted = boostTerm === undefined ? {} : { boostTerm };
  if (speed.andFirstMin > 0 && queryTerms(text).size > 1) {
    const all = search.search(text, { filter, combineWith: 'AND', fuzzy: false, ...weighted });
    if (all.length >= speed.andFirstMin) return all;
  }
  if (speed.fuzzyBelow > 0 && search.documentCount >= speed.fuzzyBelowFrom) {
    const exact = search.search(text, { filter, fuzzy: false, ...weighted });
    if (exact.length >= speed.fuzzyBelow) return exact;
  }
  return search.search(text, { filter, ...weighted });
}

/**
 * The distinct index terms of a text, as MiniSearch tokenizes and processes a query.
 *
 * @example queryTerms('The Revenues') // => new Set(['revenue'])
 */
export function queryTerms(text: string): Set<string> {
  const options: Options<Article> = RUNTIME_INDEX_OPTIONS;
  const tokenize = options.tokenize ?? (MiniSearch.getDefault('tokenize') as (text: string) => string[]);
  const process = options.processTerm ?? (MiniSearch.getDefault('processTerm') as (term: string) => string);
  const out = new Set<string>();
  for (const token of tokenize(text)) {
    const processed = process(token);
    for (const t of Array.isArray(processed) ? processed : [processed]) if (t) out.add(t);
  }
  return out;
}

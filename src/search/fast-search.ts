import type { EngineHit, EngineSearchOptions, SearchEngine, TopHits } from './search-engine.js';
import { terms } from './terms.js';

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
 * The engine's search, cheapest first. MiniSearch scores and sorts every article that matches, so a
 * search costs what its result count costs: asking for all the words, and fuzzy matching only when
 * needed, keeps the common queries small. `boostTerm` weighs each query term (see term-weights.ts).
 * Returns the engine's hits, best first.
 *
 * @example runSearch(index.engine, 'taliban revenue', () => true).length > 0 // => true
 */
export function runSearch(
  engine: SearchEngine,
  text: string,
  filter: NonNullable<EngineSearchOptions['filter']>,
  speed: SearchSpeed = SEARCH_SPEED,
  boostTerm?: (term: string) => number,
): EngineHit[] {
  const ask = boostTerm === undefined ? { filter } : { filter, boostTerm };
  return cascade(engine, text, ask, speed, (o) => engine.search(text, o), (hits) => hits.length);
}

/**
 * {@link runSearch} for the best `ask.top` hits only, with how many matched in all (`searchTop`): the
 * same steps, each deciding on the engine's count of matches rather than on a full result list.
 *
 * @example runSearchTop(index.engine, 'taliban revenue', { top: 1, filter: () => true }).hits.length // => 1
 */
export function runSearchTop(engine: SearchEngine, text: string, ask: EngineSearchOptions & { top: number }, speed: SearchSpeed = SEARCH_SPEED): TopHits {
  return cascade(engine, text, ask, speed, (o) => engine.searchTop(text, { ...o, top: ask.top }), (found) => found.total);
}

function cascade<T>(engine: SearchEngine, text: string, ask: EngineSearchOptions, speed: SearchSpeed, run: (options: EngineSearchOptions) => T, count: (found: T) => number): T {
  if (speed.andFirstMin > 0 && queryTerms(text).size > 1) {
    const all = run({ ...ask, all: true, fuzzy: false });
    if (count(all) >= speed.andFirstMin) return all;
  }
  if (speed.fuzzyBelow > 0 && engine.documentCount >= speed.fuzzyBelowFrom) {
    const exact = run({ ...ask, fuzzy: false });
    if (count(exact) >= speed.fuzzyBelow) return exact;
  }
  return run(ask);
}

/**
 * The distinct index terms of a text, as the index tokenizes and processes a query.
 *
 * @example queryTerms('The Revenues') // => new Set(['revenue'])
 */
export function queryTerms(text: string): Set<string> {
  return new Set(terms(text));
}

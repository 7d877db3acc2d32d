import type { BriefIndex } from './build-index.js';
import { queryTerms } from './fast-search.js';
import { PREFIX_MAX_TERMS } from './index-options.js';

/** How a long query's terms are weighed; see EVALUATION.md for how it was chosen. */
export interface TermWeighting {
  /** Queries of more distinct terms than this are weighed (short typed queries are left alone). */
  above: number;
  /** Each term's weight is (its IDF / the query's highest IDF) to this power; 0 turns weighing off. */
  exponent: number;
}

/** Chosen on the TIME development queries (1–40) only; see EVALUATION.md. */
const TERM_WEIGHTING: TermWeighting = { above: PREFIX_MAX_TERMS, exponent: 0.5 };

/**
 * Weights for the terms of a long, verbose query ("efforts of the ambassador to get the president to
 * change his policies"): BM25 already prefers rare terms, but in a sentence-long query the common ones
 * ("effort", "policy", "government") still add up and outvote the few that name the subject. Each
 * term is weighed by the square root (by default) of its inverse document frequency relative to the
 * query's rarest term, so the rarest keeps weight 1. Costs one document-frequency look-up per query term; returns
 * `undefined` for short queries.
 *
 * @example queryTermWeights(index, 'efforts of ambassador lodge to change diem policies')?.get('diem') // => 1
 */
export function queryTermWeights(index: BriefIndex, text: string, params: TermWeighting = TERM_WEIGHTING): Map<string, number> | undefined {
  const distinct = [...queryTerms(text)];
  if (distinct.length <= params.above || params.exponent === 0) return undefined;
  const n = index.engine.documentCount;
  const idf = distinct.map((term) => {
    const df = index.engine.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  });
  const highest = Math.max(...idf);
  return new Map(distinct.map((term, i) => [term, highest > 0 ? Math.pow(idf[i]! / highest, params.exponent) : 1]));
}

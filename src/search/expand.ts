import type { Article } from '../articles/article.js';
import type { BriefIndex } from './build-index.js';
import type { EngineHit, EngineSearchOptions } from './search-engine.js';
import { terms } from './terms.js';

/** Pseudo-relevance feedback settings; see EVALUATION.md for how they were chosen. */
export interface FeedbackParams {
  /** How many of the first results are taken as relevant. */
  docs: number;
  /** How many expansion terms are added. */
  terms: number;
  /** Weight of the expansion-term score against the original score (both scaled to 0–1). */
  weight: number;
  /** Only reorder what the user's words found (true), or also let in articles found by expansion terms alone. */
  rerankOnly: boolean;
  /** Below this many results feedback is skipped: too few to learn from. */
  minResults: number;
  /**
   * How much an article gains for each distinct query term it matches, beyond what BM25 already gives:
   * its score is multiplied by (terms matched)^(coordination − 1). MiniSearch multiplies by the count
   * (1); 0 leaves plain summed BM25, which long queries with loose words prefer.
   */
  coordination: number;
}

/** Chosen on the TIME development queries (1–40) only; see EVALUATION.md. */
export const FEEDBACK: FeedbackParams = { docs: 8, terms: 10, weight: 0.3, rerankOnly: true, minResults: 3, coordination: 0 };

/**
 * Rescales the engine's coordination factor (MiniSearch multiplies each score by the number of query terms
 * matched) to (terms matched)^coordination, and sorts again.
 *
 * @example coordinate(results, 0).map((r) => r.id) // => results.map((r) => r.id)
 */
export function coordinate(results: readonly EngineHit[], coordination: number): EngineHit[] {
  if (coordination === 1) return [...results];
  return results
    .map((r) => ({ ...r, score: r.score * Math.pow(Math.max(1, r.queryTerms.length), coordination - 1) }))
    .sort((a, b) => b.score - a.score);
}

/**
 * Final ranking of the engine's hits: {@link coordinate} first, then pseudo-relevance feedback: the terms that best characterise the first `docs` results (frequent in
 * them, rare in the index) are searched for too, and each article's score becomes its original score
 * plus `weight` times its score for those terms (both scaled to the best score). With `rerankOnly`,
 * only the articles the user's words found are reordered; nothing new is let in.
 *
 * @example withFeedback(index, results, {}).length // => results.length
 */
export function withFeedback(
  index: BriefIndex,
  found: readonly EngineHit[],
  searchOptions: Pick<EngineSearchOptions, 'filter'>,
  params: FeedbackParams = FEEDBACK,
): EngineHit[] {
  const results = coordinate(found, params.coordination);
  if (results.length < Math.max(params.minResults, 1) || params.terms <= 0 || params.weight <= 0) return results;
  const queryTerms = new Set(results.flatMap((r) => r.queryTerms));
  const expansion = expansionTerms(index, results.slice(0, params.docs), queryTerms, params.terms);
  if (expansion.length === 0) return results;
  const weights = new Map(expansion.map((e) => [e.term, e.weight]));
  const extra = coordinate(
    index.engine.searchTerms(expansion.map((e) => e.term), { ...searchOptions, boostTerm: (term) => weights.get(term) ?? 0 }),
    params.coordination,
  );
  const top = results[0]!.score || 1;
  const topExtra = extra[0]?.score || 1;
  const byId = new Map<string, EngineHit>(results.map((r) => [r.id, { ...r, score: r.score / top }]));
  for (const r of extra) {
    const hit = byId.get(r.id);
    if (hit) hit.score += (params.weight * r.score) / topExtra;
    else if (!params.rerankOnly) byId.set(r.id, { ...r, queryTerms: [], fields: [], score: (params.weight * r.score) / topExtra });
  }
  return [...byId.values()].sort((a, b) => b.score - a.score);
}

/**
 * The expansion terms of a set of feedback results: each term's summed share of the feedback articles'
 * terms, times its inverse document frequency in the index; the
 * query's own terms left out. Weights are scaled so the best term has 1.
 */
function expansionTerms(index: BriefIndex, feedback: readonly EngineHit[], exclude: ReadonlySet<string>, count: number): { term: string; weight: number }[] {
  const n = index.engine.documentCount;
  const scores = new Map<string, number>();
  feedback.forEach((result) => {
    const article = index.articles.get(result.id);
    if (article === undefined) return;
    const docTerms = articleTerms(article);
    if (docTerms.length === 0) return;
    const tf = new Map<string, number>();
    for (const t of docTerms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, f] of tf) scores.set(t, (scores.get(t) ?? 0) + f / docTerms.length);
  });
  const candidates = [...scores]
    .filter(([term]) => !exclude.has(term) && !/^\d+$/.test(term))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, CANDIDATES);
  const weighted: { term: string; weight: number }[] = [];
  for (const [term, s] of candidates) {
    const df = index.engine.documentFrequency(term);
    if (df < 2) continue;
    weighted.push({ term, weight: s * Math.log(1 + n / df) });
  }
  weighted.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
  const best = weighted.slice(0, count);
  const max = best[0]?.weight ?? 1;
  return best.map((w) => ({ term: w.term, weight: w.weight / max }));
}

/** Only this many of the most frequent feedback terms are weighed by rarity (keeps feedback cheap). */
const CANDIDATES = 60;

function articleTerms(article: Article): string[] {
  return terms(`${article.title}\n${article.body}`);
}

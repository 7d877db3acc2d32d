import type { Article } from '../articles/article.js';
import { terms } from '../search/terms.js';
import { articleSentences, overlap, queryScore, scoreGeneric } from './summarize.js';

/** One sentence of the synthesis, citing the numbered item it came from. */
export interface Citation {
  text: string;
  /** 1-based number of the item in the brief. */
  cite: number;
}

export interface SynthesisInput {
  /** The item's number in the brief. */
  number: number;
  article: Article;
}

/** At most this many sentences in a synthesis, and at most this many from one article. */
export const SYNTHESIS_MAX = 5;
const PER_ARTICLE = 2;

/**
 * The few sentences that matter across the best items: each sentence is scored by the query's terms
 * (or, with no query, a generic score) and by its item's rank; near-repeats of a chosen sentence are
 * skipped; every item gets a say before any gets a second. Sentences are verbatim, each cited.
 *
 * @example synthesize([{ number: 1, article }], new Set(['taliban']))[0].cite // 1
 */
export function synthesize(items: readonly SynthesisInput[], queryTerms: ReadonlySet<string>, max = SYNTHESIS_MAX): Citation[] {
  const candidates = items.flatMap((item, rank) => {
    const sentences = articleSentences(item.article.body);
    if (queryTerms.size === 0) scoreGeneric(sentences, new Set(terms(item.article.title)));
    else for (const s of sentences) s.score = queryScore(s, queryTerms) + 0.2 / (1 + s.index);
    const rankWeight = 1 / Math.sqrt(1 + rank);
    return sentences.filter((s) => s.terms.size >= 3).map((s) => ({ ...s, score: s.score * rankWeight, cite: item.number, rank }));
  });
  candidates.sort((a, b) => b.score - a.score || a.rank - b.rank || a.index - b.index);

  const chosen: typeof candidates = [];
  const perItem = new Map<number, number>();
  for (let round = 1; round <= PER_ARTICLE && chosen.length < max; round++) {
    for (const c of candidates) {
      if (chosen.length >= max) break;
      if ((perItem.get(c.cite) ?? 0) >= round || chosen.includes(c)) continue;
      if (queryTerms.size > 0 && queryScore(c, queryTerms) === 0 && round === 1 && c.index > 0) continue;
      if (chosen.some((s) => s.text === c.text || overlap(s.terms, c.terms) > 0.6)) continue;
      chosen.push(c);
      perItem.set(c.cite, (perItem.get(c.cite) ?? 0) + 1);
    }
  }
  return chosen
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((c) => ({ text: c.text, cite: c.cite }));
}

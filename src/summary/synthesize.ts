import type { Article } from '../articles/article.js';
import { terms } from '../search/terms.js';
import { articleSentences, overlap, queryScore, scoreGeneric, type ScoredSentence } from './summarize.js';

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
const SYNTHESIS_MAX = 5;
const PER_ARTICLE = 2;
/** Two sentences sharing more than this share of the smaller one's terms say the same thing. */
const SAME_THING = 0.6;
/** Weight of the query terms a sentence adds to what the chosen ones already cover. */
const COVERAGE = 1;
/** A second sentence from an article counts this much of its score: every article gets a say first. */
const SECOND_FROM_ARTICLE = 0.5;

interface Candidate extends ScoredSentence {
  cite: number;
  rank: number;
  published: number;
}

/**
 * The few sentences that matter across the page's items, chosen one at a time: each time the
 * sentence worth most, counting its own relevance (the query's terms it holds, or a generic score
 * with no query; the lead a little; its item's rank) plus the query terms it adds to those already
 * covered. Sentences that say the same thing are one choice: the newest article's wording is kept
 * (a later report wins where they conflict) and the others are dropped. At most two per article.
 * Sentences are verbatim and cited, listed by item then by place in the article.
 *
 * @example synthesize([{ number: 1, article }], new Set(['taliban']))[0].cite // => 1
 */
export function synthesize(items: readonly SynthesisInput[], queryTerms: ReadonlySet<string>, max = SYNTHESIS_MAX): Citation[] {
  let remaining = candidates(items, queryTerms);
  const chosen: Candidate[] = [];
  const covered = new Set<string>();
  const perItem = new Map<number, number>();
  while (chosen.length < max) {
    const open = remaining.filter((c) => (perItem.get(c.cite) ?? 0) < PER_ARTICLE);
    const best = bestOf(open, (c) => worth(c, queryTerms, covered, perItem.get(c.cite) ?? 0));
    if (best === undefined) break;
    const same = open.filter((c) => c.text === best.text || overlap(c.terms, best.terms) > SAME_THING);
    const keep = same.reduce((a, b) => (b.published > a.published ? b : a), best);
    chosen.push(keep);
    perItem.set(keep.cite, (perItem.get(keep.cite) ?? 0) + 1);
    for (const t of queryTerms) if (keep.terms.has(t)) covered.add(t);
    remaining = remaining.filter((c) => !same.includes(c) && c.text !== keep.text && overlap(c.terms, keep.terms) <= SAME_THING);
  }
  return chosen.sort((a, b) => a.rank - b.rank || a.index - b.index).map((c) => ({ text: c.text, cite: c.cite }));
}

/** Every sentence of every item worth quoting (three terms or more), scored and weighted by its item's rank. */
function candidates(items: readonly SynthesisInput[], queryTerms: ReadonlySet<string>): Candidate[] {
  return items.flatMap((item, rank) => {
    const sentences = articleSentences(item.article.body);
    if (queryTerms.size === 0) scoreGeneric(sentences, new Set(terms(item.article.title)));
    else for (const s of sentences) s.score = queryScore(s, queryTerms) + 0.2 / (1 + s.index);
    const rankWeight = 1 / Math.sqrt(1 + rank);
    const published = item.article.published === undefined ? -Infinity : Date.parse(item.article.published);
    return sentences
      .filter((s) => s.terms.size >= 3)
      .filter((s) => queryTerms.size === 0 || s.index === 0 || queryScore(s, queryTerms) > 0)
      .map((s) => ({ ...s, score: s.score * rankWeight, cite: item.number, rank, published: Number.isNaN(published) ? -Infinity : published }));
  });
}

/** What choosing a sentence adds: its relevance plus the share of the query it newly covers. */
function worth(c: Candidate, queryTerms: ReadonlySet<string>, covered: ReadonlySet<string>, fromSameItem: number): number {
  let added = 0;
  for (const t of queryTerms) if (c.terms.has(t) && !covered.has(t)) added++;
  const gain = c.score + (queryTerms.size === 0 ? 0 : (COVERAGE * added) / queryTerms.size);
  return fromSameItem > 0 ? gain * SECOND_FROM_ARTICLE : gain;
}

/** The candidate with the highest value; ties go to the better-ranked item, then the earlier sentence. */
function bestOf(list: readonly Candidate[], value: (c: Candidate) => number): Candidate | undefined {
  let best: Candidate | undefined;
  let bestValue = -Infinity;
  for (const c of list) {
    const v = value(c);
    if (v > bestValue || (v === bestValue && best !== undefined && (c.rank < best.rank || (c.rank === best.rank && c.index < best.index)))) {
      best = c;
      bestValue = v;
    }
  }
  return best;
}

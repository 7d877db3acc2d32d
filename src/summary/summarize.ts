import type { Article } from '../articles/article.js';
import { terms } from '../search/terms.js';
import { splitSentences, type Sentence } from './sentences.js';

/** A sentence with its processed terms, ready to be scored. */
export interface ScoredSentence extends Sentence {
  terms: Set<string>;
  score: number;
}

/** Weights of the generic (query-less) sentence score; see EVALUATION.md for how they were chosen. */
export const GENERIC_WEIGHTS = { position: 0.5, centrality: 0.3, title: 0.2 } as const;

/** Sentences shorter or longer than this (in words) are poor summary sentences. */
const MIN_WORDS = 6;
const MAX_WORDS = 60;

/**
 * The sentences of an article's body, each with its terms. The title is not part of the body.
 *
 * @example articleSentences(article)[0].text === article.lead.split('. ')[0] + '.'
 */
export function articleSentences(body: string): ScoredSentence[] {
  return splitSentences(body).map((s) => ({ ...s, terms: new Set(terms(s.text)), score: 0 }));
}

/**
 * A query-focused extractive summary: the sentences that cover most of the query's terms, with a
 * little weight on position, at most `max`, in the article's order, copied verbatim. Falls back to
 * {@link genericSummary} when no sentence holds a query term.
 *
 * @example querySummary(usipArticle, new Set(['revenu']), 2).length // 1 or 2
 */
export function querySummary(article: Article, queryTerms: ReadonlySet<string>, max = 2): Sentence[] {
  const sentences = articleSentences(article.body);
  if (queryTerms.size === 0) return genericSummary(article, max);
  const matching = sentences.filter((s) => queryScore(s, queryTerms) > 0);
  if (matching.length === 0) return genericSummary(article, max);
  for (const s of matching) s.score = queryScore(s, queryTerms) + 0.15 / (1 + s.index) + lengthFit(s) * 0.05;
  return pick(matching, max);
}

/** Share of the query's terms that a sentence holds (0–1). */
export function queryScore(sentence: { terms: ReadonlySet<string> }, queryTerms: ReadonlySet<string>): number {
  if (queryTerms.size === 0) return 0;
  let found = 0;
  for (const t of queryTerms) if (sentence.terms.has(t)) found++;
  return found / queryTerms.size;
}

/**
 * A generic summary (for digests and evaluation): sentences scored by position, centrality (how much
 * of the rest of the article they share) and overlap with the title; at most `max`, in order.
 *
 * @example genericSummary(article, 3).map((s) => s.text)
 */
export function genericSummary(article: Pick<Article, 'title' | 'body'>, max = 2): Sentence[] {
  const sentences = articleSentences(article.body);
  scoreGeneric(sentences, new Set(terms(article.title)));
  return pick(sentences, max);
}

/** Scores sentences in place for a generic summary. */
export function scoreGeneric(sentences: ScoredSentence[], titleTerms: ReadonlySet<string>): void {
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of s.terms) df.set(t, (df.get(t) ?? 0) + 1);
  const n = sentences.length;
  for (const s of sentences) {
    let shared = 0;
    for (const t of s.terms) shared += (df.get(t)! - 1) / Math.max(1, n - 1);
    const centrality = s.terms.size === 0 ? 0 : shared / Math.sqrt(s.terms.size);
    const title = titleTerms.size === 0 ? 0 : [...s.terms].filter((t) => titleTerms.has(t)).length / titleTerms.size;
    const position = 1 / (1 + s.index);
    s.score = (GENERIC_WEIGHTS.position * position + GENERIC_WEIGHTS.centrality * centrality + GENERIC_WEIGHTS.title * title) * lengthFit(s);
  }
}

function lengthFit(s: ScoredSentence): number {
  const count = s.text.split(/\s+/).length;
  if (count < MIN_WORDS) return 0.5;
  if (count > MAX_WORDS) return 0.7;
  return 1;
}

/** The best `max` sentences, skipping near-repeats, returned in the article's order. */
function pick(sentences: ScoredSentence[], max: number): Sentence[] {
  const ranked = [...sentences].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: ScoredSentence[] = [];
  for (const s of ranked) {
    if (chosen.length >= max) break;
    if (chosen.some((c) => overlap(c.terms, s.terms) > 0.7)) continue;
    chosen.push(s);
  }
  return chosen.sort((a, b) => a.index - b.index).map(({ text, start, index }) => ({ text, start, index }));
}

/** Share of the smaller set found in the larger. */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}

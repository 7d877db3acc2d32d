import type { Article } from '../articles/article.js';
import { terms } from '../search/terms.js';
import { splitSentences, type Sentence } from './sentences.js';
import { frequencyScores } from './term-frequency.js';

/** A sentence with its processed terms, ready to be scored. */
export interface ScoredSentence extends Sentence {
  terms: Set<string>;
  score: number;
}

/**
 * Weights of the generic (query-less) sentence score; see EVALUATION.md for how they were chosen (on
 * half of BBC News Summary, at equal summary length). Centrality carries most of it, then how densely
 * a sentence uses the article's most repeated words; overlap with the title a little; long sentences
 * a little less (at a fixed length, one long sentence crowds out two).
 */
const GENERIC_WEIGHTS = { position: 0, centrality: 1.05, title: 0.1, length: -0.2, frequency: 0.15, density: 0.7 } as const;

/** Sentences shorter or longer than this (in words) are poor summary sentences. */
const MIN_WORDS = 6;
const MAX_WORDS = 60;

/**
 * The sentences of an article's body, each with its terms. The title is not part of the body.
 *
 * @example articleSentences('Cats purr. Dogs bark.').map((s) => s.text) // => ['Cats purr.', 'Dogs bark.']
 */
export function articleSentences(body: string): ScoredSentence[] {
  return splitSentences(body).map((s) => ({ ...s, terms: new Set(terms(s.text)), score: 0 }));
}

/**
 * A query-focused extractive summary: the sentences that cover most of the query's terms, with a
 * little weight on position, at most `max`, in the article's order, copied verbatim. Falls back to
 * {@link genericSummary} when no sentence holds a query term.
 *
 * @example querySummary(article, new Set(['revenue']), 2).length // => 1
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
 * @example genericSummary({ title: 'Cats', body: 'Cats purr. Cats and dogs play. Rain falls.' }, 1).map((s) => s.text) // => ['Cats purr.']
 */
export function genericSummary(article: Pick<Article, 'title' | 'body'>, max = 2): Sentence[] {
  return inArticleOrder(genericRanking(article).slice(0, max));
}

/**
 * Every sentence of the body worth showing, best first by the generic score, near-repeats of a
 * better sentence left out. {@link genericSummary} takes the first few; a caller with a word budget
 * takes as many as fit.
 *
 * @example genericRanking({ title: 'Cats', body: 'Cats purr. Cats purr. Dogs bark.' }).length // => 2
 */
export function genericRanking(article: Pick<Article, 'title' | 'body'>): ScoredSentence[] {
  const sentences = articleSentences(article.body);
  scoreGeneric(sentences, new Set(terms(article.title)));
  return rank(sentences, sentences.length);
}

/** Scores sentences in place for a generic summary. */
export function scoreGeneric(sentences: ScoredSentence[], titleTerms: ReadonlySet<string>): void {
  const centrality = sentenceCentrality(sentences);
  const frequency = frequencyScores(sentences);
  const wordCounts = sentences.map((s) => s.text.split(/\s+/).length);
  const longest = Math.log(1 + Math.max(1, ...wordCounts));
  sentences.forEach((s, i) => {
    const title = titleTerms.size === 0 ? 0 : [...s.terms].filter((t) => titleTerms.has(t)).length / titleTerms.size;
    const position = 1 / (1 + s.index);
    const length = Math.log(1 + wordCounts[i]!) / longest;
    const w = GENERIC_WEIGHTS;
    s.score =
      w.position * position + w.centrality * centrality[i]! + w.title * title + w.length * length + w.frequency * frequency.total[i]! + w.density * frequency.density[i]!;
  });
}

/**
 * How central each sentence is to its text (0–1, the most central 1): PageRank over sentences linked
 * by shared terms, each link weighted by shared / (log|a| + log|b|) as in TextRank.
 *
 * @example sentenceCentrality(articleSentences('Cats purr. Cats and dogs play. Rain.')).indexOf(Math.min(...sentenceCentrality(articleSentences('Cats purr. Cats and dogs play. Rain.')))) // => 2
 */
export function sentenceCentrality(sentences: readonly { terms: ReadonlySet<string> }[]): number[] {
  const n = sentences.length;
  if (n === 0) return [];
  const weights = sentences.map((a, i) =>
    sentences.map((b, j) => {
      if (i === j || a.terms.size < 2 || b.terms.size < 2) return 0;
      let shared = 0;
      for (const t of a.terms) if (b.terms.has(t)) shared++;
      return shared / (Math.log(a.terms.size) + Math.log(b.terms.size));
    }),
  );
  const out = weights.map((row) => row.reduce((x, y) => x + y, 0));
  let rank = new Array<number>(n).fill(1);
  for (let iteration = 0; iteration < 30; iteration++) {
    rank = rank.map((_, i) => {
      let sum = 0;
      for (let j = 0; j < n; j++) if (weights[j]![i]! > 0) sum += (weights[j]![i]! / out[j]!) * rank[j]!;
      return 0.15 + 0.85 * sum;
    });
  }
  const max = Math.max(...rank);
  return rank.map((r) => (max > 0 ? r / max : 0));
}

function lengthFit(s: ScoredSentence): number {
  const count = s.text.split(/\s+/).length;
  if (count < MIN_WORDS) return 0.5;
  if (count > MAX_WORDS) return 0.7;
  return 1;
}

/** The best `max` sentences, skipping near-repeats, returned in the article's order. */
function pick(sentences: ScoredSentence[], max: number): Sentence[] {
  return inArticleOrder(rank(sentences, max));
}

/** The best `max` sentences, best first, skipping near-repeats of a better one. */
function rank(sentences: ScoredSentence[], max: number): ScoredSentence[] {
  const ranked = [...sentences].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: ScoredSentence[] = [];
  for (const s of ranked) {
    if (chosen.length >= max) break;
    if (chosen.some((c) => overlap(c.terms, s.terms) > 0.7)) continue;
    chosen.push(s);
  }
  return chosen;
}

/**
 * Sentences in the order they appear in their text, as plain {@link Sentence}s.
 */
function inArticleOrder(sentences: readonly Sentence[]): Sentence[] {
  return [...sentences].sort((a, b) => a.index - b.index).map(({ text, start, index }) => ({ text, start, index }));
}

/** Share of the smaller set found in the larger. */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}

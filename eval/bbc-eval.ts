/**
 * Summaries on BBC News Summary: the project's generic summarizer at 3 sentences, Lead-3 and plain
 * TextRank, each scored by ROUGE-1/2/L F1 against the reference; every sentence checked verbatim.
 */
import type { Sentence } from '../src/summary/sentences.js';
import { genericRanking, genericSummary } from '../src/summary/summarize.js';
import type { BbcArticle } from './bbc-collection.js';
import { mean } from './metrics.js';
import { rougeL, rougeN, rougeTokens } from './rouge.js';
import { leadN, textRank, textRankOrder } from './textrank.js';
import { budgetTokens, fillBudget } from './word-budget.js';

export const SUMMARY_SENTENCES = 3;

/** The systems compared, each a function of an article. */
export const SUMMARY_SYSTEMS = {
  brief: (a: BbcArticle) => genericSummary({ title: a.title, body: a.body }, SUMMARY_SENTENCES),
  lead3: (a: BbcArticle) => leadN(a.body, SUMMARY_SENTENCES),
  textrank: (a: BbcArticle) => textRank(a.body, SUMMARY_SENTENCES),
} satisfies Record<string, (a: BbcArticle) => Sentence[]>;

export type SummarySystem = keyof typeof SUMMARY_SYSTEMS;

/** Each system's sentences in its order of preference, for the fixed-length comparison. */
export const PREFERENCE_ORDERS = {
  brief: (a: BbcArticle) => genericRanking({ title: a.title, body: a.body }),
  lead3: (a: BbcArticle) => leadN(a.body, Number.MAX_SAFE_INTEGER),
  textrank: (a: BbcArticle) => textRankOrder(a.body),
} satisfies Record<SummarySystem, (a: BbcArticle) => Sentence[]>;

/** Word budgets of the fixed-length comparison: the reference summary's length, and a flat 75. */
export const BUDGETS = ['reference', 75] as const;
export type Budget = (typeof BUDGETS)[number];

export interface SummaryFigures {
  rouge1: number;
  rouge2: number;
  rougeL: number;
  /** Mean summary length in tokens. */
  tokens: number;
}

export interface BbcResult {
  articles: number;
  systems: Record<SummarySystem, SummaryFigures>;
  /** The same systems at equal length, per budget (`reference` or `75`). */
  fixedLength: Record<string, Record<SummarySystem, SummaryFigures>>;
  summarySentences: number;
  unfaithful: string[];
}

/**
 * Scores every system on every article (macro-averaged F1).
 *
 * @example evaluateBbc(collection.articles).systems.brief.rouge2
 */
export function evaluateBbc(articles: readonly BbcArticle[]): BbcResult {
  const result: BbcResult = { articles: articles.length, systems: {} as BbcResult['systems'], fixedLength: {}, summarySentences: 0, unfaithful: [] };
  const references = articles.map((a) => rougeTokens(a.reference));
  for (const name of Object.keys(SUMMARY_SYSTEMS) as SummarySystem[]) {
    const r1: number[] = [];
    const r2: number[] = [];
    const rl: number[] = [];
    const lengths: number[] = [];
    articles.forEach((article, i) => {
      const summary = SUMMARY_SYSTEMS[name](article);
      for (const s of summary) {
        result.summarySentences++;
        if (!article.raw.includes(s.text)) result.unfaithful.push(`${name} ${article.id}: ${s.text.slice(0, 80)}`);
      }
      const candidate = rougeTokens(summary.map((s) => s.text).join(' '));
      const reference = references[i]!;
      r1.push(rougeN(candidate, reference, 1).f1);
      r2.push(rougeN(candidate, reference, 2).f1);
      rl.push(rougeL(candidate, reference).f1);
      lengths.push(candidate.length);
    });
    result.systems[name] = { rouge1: mean(r1), rouge2: mean(r2), rougeL: mean(rl), tokens: mean(lengths) };
  }
  for (const budget of BUDGETS) result.fixedLength[String(budget)] = atBudget(articles, references, budget, result);
  return result;
}

/** Every system filled to the budget and cut to it; its whole sentences are checked verbatim too. */
function atBudget(articles: readonly BbcArticle[], references: string[][], budget: Budget, result: BbcResult): Record<SummarySystem, SummaryFigures> {
  const out = {} as Record<SummarySystem, SummaryFigures>;
  for (const name of Object.keys(PREFERENCE_ORDERS) as SummarySystem[]) {
    const scores = { r1: [] as number[], r2: [] as number[], rl: [] as number[], tokens: [] as number[] };
    articles.forEach((article, i) => {
      const reference = references[i]!;
      const words = budget === 'reference' ? reference.length : budget;
      const summary = fillBudget(PREFERENCE_ORDERS[name](article), words);
      for (const s of summary) {
        result.summarySentences++;
        if (!article.raw.includes(s.text)) result.unfaithful.push(`${name}@${budget} ${article.id}: ${s.text.slice(0, 80)}`);
      }
      const candidate = budgetTokens(summary, words);
      scores.r1.push(rougeN(candidate, reference, 1).f1);
      scores.r2.push(rougeN(candidate, reference, 2).f1);
      scores.rl.push(rougeL(candidate, reference).f1);
      scores.tokens.push(candidate.length);
    });
    out[name] = { rouge1: mean(scores.r1), rouge2: mean(scores.r2), rougeL: mean(scores.rl), tokens: mean(scores.tokens) };
  }
  return out;
}

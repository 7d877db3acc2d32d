/**
 * Summaries on BBC News Summary: the project's generic summarizer at 3 sentences, Lead-3 and plain
 * TextRank, each scored by ROUGE-1/2/L F1 against the reference; every sentence checked verbatim.
 */
import type { Sentence } from '../src/summary/sentences.js';
import { genericSummary } from '../src/summary/summarize.js';
import type { BbcArticle } from './bbc-collection.js';
import { mean } from './metrics.js';
import { rougeL, rougeN, rougeTokens } from './rouge.js';
import { leadN, textRank } from './textrank.js';

export const SUMMARY_SENTENCES = 3;

/** The systems compared, each a function of an article. */
export const SUMMARY_SYSTEMS = {
  brief: (a: BbcArticle) => genericSummary({ title: a.title, body: a.body }, SUMMARY_SENTENCES),
  lead3: (a: BbcArticle) => leadN(a.body, SUMMARY_SENTENCES),
  textrank: (a: BbcArticle) => textRank(a.body, SUMMARY_SENTENCES),
} satisfies Record<string, (a: BbcArticle) => Sentence[]>;

export type SummarySystem = keyof typeof SUMMARY_SYSTEMS;

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
  summarySentences: number;
  unfaithful: string[];
}

/**
 * Scores every system on every article (macro-averaged F1).
 *
 * @example evaluateBbc(collection.articles).systems.brief.rouge2
 */
export function evaluateBbc(articles: readonly BbcArticle[]): BbcResult {
  const result: BbcResult = { articles: articles.length, systems: {} as BbcResult['systems'], summarySentences: 0, unfaithful: [] };
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
  return result;
}

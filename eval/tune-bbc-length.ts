/**
 * Tuning aid for the generic summarizer at EQUAL LENGTH on BBC News Summary: sentence-score weights
 * searched coordinate by coordinate for ROUGE-2 F1 at 75 words on the even-numbered articles (the
 * tuning half); `--check` scores given weights on the odd half too. Features, in order: centrality,
 * position, title overlap, log length, term-frequency total, term-frequency density.
 * `npx tsx eval/tune-bbc-length.ts [weightsJSON] [--check]`
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { terms } from '../src/search/terms.js';
import { articleSentences, overlap, sentenceCentrality, type ScoredSentence } from '../src/summary/summarize.js';
import { frequencyScores } from '../src/summary/term-frequency.js';
import { readBbcCollection, type BbcArticle } from './bbc-collection.js';
import { mean } from './metrics.js';
import { rougeN, rougeTokens } from './rouge.js';
import { textRankOrder } from './textrank.js';
import { budgetTokens, fillBudget } from './word-budget.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { articles } = await readBbcCollection(path.resolve(ROOT, '../shared/datasets/bbc-news-summary'));
const half = (odd: boolean) => articles.filter((a) => Number(a.id.split('/')[1]) % 2 === (odd ? 1 : 0));

interface Prepared { reference: string[]; body: string; sentences: { s: ScoredSentence; features: number[] }[] }

function prepare(a: BbcArticle): Prepared {
  const sentences = articleSentences(a.body);
  const centrality = sentenceCentrality(sentences);
  const frequency = frequencyScores(sentences);
  const titleTerms = new Set(terms(a.title));
  const counts = sentences.map((s) => s.text.split(/\s+/).length);
  const longest = Math.log(1 + Math.max(1, ...counts));
  return {
    reference: rougeTokens(a.reference),
    body: a.body,
    sentences: sentences.map((s, i) => {
      const title = titleTerms.size === 0 ? 0 : [...s.terms].filter((t) => titleTerms.has(t)).length / titleTerms.size;
      return { s, features: [centrality[i]!, 1 / (1 + s.index), title, Math.log(1 + counts[i]!) / longest, frequency.total[i]!, frequency.density[i]!] };
    }),
  };
}

function r2At75(set: readonly Prepared[], weights: readonly number[]): number {
  return mean(
    set.map((p) => {
      const scored = p.sentences.map(({ s, features }) => ({ ...s, score: features.reduce((sum, f, i) => sum + f * weights[i]!, 0) }));
      const chosen: ScoredSentence[] = [];
      for (const s of scored.sort((a, b) => b.score - a.score || a.index - b.index)) if (!chosen.some((c) => overlap(c.terms, s.terms) > 0.7)) chosen.push(s);
      return rougeN(budgetTokens(fillBudget(chosen, 75), 75), p.reference, 2).f1;
    }),
  );
}

const tuning = half(false).map(prepare);
const textRank = (set: readonly Prepared[]) => mean(set.map((p) => rougeN(budgetTokens(fillBudget(textRankOrder(p.body), 75), 75), p.reference, 2).f1));
let best: number[] = process.argv[2]?.startsWith('[') ? JSON.parse(process.argv[2]) : [1, 0.1, 0.1, 0.6, 0, 0];
let bestScore = r2At75(tuning, best);
console.log(`tuning half: TextRank ${textRank(tuning).toFixed(4)}; start ${JSON.stringify(best)} ${bestScore.toFixed(4)}`);
if (process.argv.includes('--check')) {
  const held = half(true).map(prepare);
  console.log(`held-out half: TextRank ${textRank(held).toFixed(4)}; ${JSON.stringify(best)} ${r2At75(held, best).toFixed(4)}`);
} else {
  for (const step of [0.2, 0.1, 0.05])
    for (let i = 0; i < best.length; i++)
      for (const dir of [1, -1]) {
        const candidate = best.map((w, j) => (j === i ? +(w + dir * step).toFixed(3) : w));
        const score = r2At75(tuning, candidate);
        if (score > bestScore) [best, bestScore] = [candidate, score];
      }
  console.log(`best ${JSON.stringify(best)} ${bestScore.toFixed(4)}`);
}

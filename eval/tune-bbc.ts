/**
 * Tuning aid for the generic summarizer on BBC News Summary: sentence-scoring variants scored by
 * ROUGE-2 F1 on the even-numbered articles (tuning half); the odd half is checked only for the
 * chosen setting. `npx tsx eval/tune-bbc.ts`
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { articleSentences, sentenceCentrality, type ScoredSentence } from '../src/summary/summarize.js';
import { terms } from '../src/search/terms.js';
import { readBbcCollection, type BbcArticle } from './bbc-collection.js';
import { mean } from './metrics.js';
import { leadN, textRank } from './textrank.js';
import { rougeN, rougeTokens } from './rouge.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { articles } = await readBbcCollection(path.resolve(ROOT, '../shared/datasets/bbc-news-summary'));
const half = (odd: boolean) => articles.filter((a) => Number(a.id.split('/')[1]) % 2 === (odd ? 1 : 0));
const tuning = half(false);
const refs = new Map(articles.map((a) => [a.id, rougeTokens(a.reference)]));

interface Weights { position: number; centrality: number; title: number; length: number; lengthMode: 'fit' | 'log' | 'none'; overlap: number; central: 'df' | 'pagerank' | 'cosine' }


function summarize(a: BbcArticle, wt: Weights): string {
  const s = articleSentences(a.body);
  const titleTerms = new Set(terms(a.title));
  const df = new Map<string, number>();
  for (const x of s) for (const t of x.terms) df.set(t, (df.get(t) ?? 0) + 1);
  const n = s.length;
  let central: number[];
  if (wt.central === 'pagerank') central = sentenceCentrality(s);
  else if (wt.central === 'cosine') {
    central = s.map((x) => { let sum = 0; for (const t of x.terms) sum += df.get(t)! - 1; return x.terms.size === 0 ? 0 : sum / Math.max(1, n - 1) / Math.sqrt(x.terms.size); });
    const m = Math.max(...central, 1e-9); central = central.map((c) => c / m);
  } else {
    central = s.map((x) => { let sum = 0; for (const t of x.terms) sum += (df.get(t)! - 1) / Math.max(1, n - 1); return x.terms.size === 0 ? 0 : sum / Math.sqrt(x.terms.size); });
  }
  const maxWords = Math.max(...s.map((x) => x.text.split(/\s+/).length), 1);
  s.forEach((x, i) => {
    const words = x.text.split(/\s+/).length;
    const title = titleTerms.size === 0 ? 0 : [...x.terms].filter((t) => titleTerms.has(t)).length / titleTerms.size;
    const len = wt.lengthMode === 'log' ? Math.log(1 + words) / Math.log(1 + maxWords) : wt.lengthMode === 'fit' ? (words < 6 ? 0.5 : words > 60 ? 0.7 : 1) : 1;
    x.score = wt.position / (1 + x.index) + wt.centrality * central[i]! + wt.title * title + wt.length * len;
  });
  const ranked = [...s].sort((p, q) => q.score - p.score || p.index - q.index);
  const chosen: ScoredSentence[] = [];
  for (const x of ranked) {
    if (chosen.length >= 3) break;
    if (chosen.some((c) => overlap(c.terms, x.terms) > wt.overlap)) continue;
    chosen.push(x);
  }
  return chosen.sort((p, q) => p.index - q.index).map((x) => x.text).join(' ');
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}

function score(label: string, wt: Weights, set = tuning): number {
  const r2 = mean(set.map((a) => rougeN(rougeTokens(summarize(a, wt)), refs.get(a.id)!, 2).f1));
  console.log(`${label.padEnd(70)} R-2 ${r2.toFixed(4)}`);
  return r2;
}

const base: Weights = { position: 0.5, centrality: 0.3, title: 0.2, length: 0, lengthMode: 'fit', overlap: 0.7, central: 'df' };
const spec = process.argv[2];
if (spec) {
  const wt = { ...base, ...JSON.parse(spec) } as Weights;
  score(`tuning half ${spec}`, wt);
  score(`held-out half ${spec}`, wt, half(true));
} else {
  const lead3 = mean(tuning.map((a) => rougeN(rougeTokens(leadN(a.body, 3).map((x) => x.text).join(' ')), refs.get(a.id)!, 2).f1));
  const tr = mean(tuning.map((a) => rougeN(rougeTokens(textRank(a.body, 3).map((x) => x.text).join(' ')), refs.get(a.id)!, 2).f1));
  console.log(`tuning half: Lead-3 R-2 ${lead3.toFixed(4)}, TextRank R-2 ${tr.toFixed(4)}`);
  score('current-like (multiplicative length differs)', base);
  for (const central of ['df', 'pagerank'] as const)
    for (const position of [0, 0.1, 0.2])
      for (const title of [0, 0.1])
        for (const length of [0.3, 0.6, 1])
          score(`central ${central} pos ${position} title ${title} loglen ${length}`, { ...base, central, position, centrality: 1, title, length, lengthMode: 'log' });
}

/**
 * Plain TextRank (Mihalcea & Tarau 2004) as a summary baseline: sentences are nodes, edges weighted by
 * shared words / (log|s1| + log|s2|), PageRank with damping 0.85; the top `max` sentences, in article order.
 */
import { splitSentences, type Sentence } from '../src/summary/sentences.js';
import { terms } from '../src/search/terms.js';

const DAMPING = 0.85;
const ITERATIONS = 50;

/**
 * The TextRank summary of a text, each sentence an exact slice of it.
 *
 * @example textRank('A cat sat. The cat ran far. Dogs bark.', 1).length // 1
 */
export function textRank(text: string, max = 3): Sentence[] {
  return textRankOrder(text)
    .slice(0, max)
    .sort((a, b) => a.index - b.index);
}

/**
 * Every sentence of a text, highest TextRank first (ties: earlier first).
 *
 * @example textRankOrder('A cat sat. The cat ran far. Dogs bark.').length // 3
 */
export function textRankOrder(text: string): Sentence[] {
  const sentences = splitSentences(text);
  const words = sentences.map((s) => terms(s.text));
  const sets = words.map((w) => new Set(w));
  const n = sentences.length;
  const weight: number[][] = sets.map((a, i) =>
    sets.map((b, j) => {
      if (i === j || words[i]!.length < 2 || words[j]!.length < 2) return 0;
      let shared = 0;
      for (const t of a) if (b.has(t)) shared++;
      return shared / (Math.log(words[i]!.length) + Math.log(words[j]!.length));
    }),
  );
  const outSum = weight.map((row) => row.reduce((x, y) => x + y, 0));
  let rank = new Array<number>(n).fill(1);
  for (let it = 0; it < ITERATIONS; it++) {
    rank = rank.map((_, i) => {
      let sum = 0;
      for (let j = 0; j < n; j++) if (weight[j]![i]! > 0) sum += (weight[j]![i]! / outSum[j]!) * rank[j]!;
      return 1 - DAMPING + DAMPING * sum;
    });
  }
  return sentences
    .map((s, i) => ({ s, r: rank[i]! }))
    .sort((a, b) => b.r - a.r || a.s.index - b.s.index)
    .map((x) => x.s);
}

/**
 * The first `max` sentences (Lead-N), split the same way as every other system.
 *
 * @example leadN('One here. Two here. Three.', 2).length // 2
 */
export function leadN(text: string, max = 3): Sentence[] {
  return splitSentences(text).slice(0, max);
}

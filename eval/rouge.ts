/**
 * ROUGE-1, ROUGE-2 and ROUGE-L F1 (our own implementation, after Lin 2004), on tokens lower-cased and
 * Porter-stemmed the same way for every system. Stop words are kept, as in the reference ROUGE.
 * ROUGE-L takes each summary as one token sequence (no per-sentence union LCS).
 */
import { stemmer } from 'stemmer';

/** Precision, recall and F1 (β = 1) of one candidate against one reference. */
export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Lower-cased, Porter-stemmed word tokens (letters and digits; punctuation separates).
 *
 * @example rougeTokens('The cats, sat.') // ['the', 'cat', 'sat']
 */
export function rougeTokens(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => stemmer(w));
}

/**
 * ROUGE-N: clipped n-gram overlap. Precision divides by the candidate's n-grams, recall by the reference's.
 *
 * @example rougeN(['a', 'b', 'c'], ['a', 'b', 'd'], 2).f1 // 0.5 (1 of 2 bigrams each way)
 */
export function rougeN(candidate: readonly string[], reference: readonly string[], n: number): RougeScore {
  const c = ngrams(candidate, n);
  const r = ngrams(reference, n);
  let overlap = 0;
  for (const [gram, count] of c) overlap += Math.min(count, r.get(gram) ?? 0);
  return score(overlap, Math.max(0, candidate.length - n + 1), Math.max(0, reference.length - n + 1));
}

/**
 * ROUGE-L: longest common subsequence of the two token sequences.
 *
 * @example rougeL(['a', 'b', 'c', 'd'], ['a', 'c', 'e']).f1 // LCS 2: P 2/4, R 2/3, F1 0.5714…
 */
export function rougeL(candidate: readonly string[], reference: readonly string[]): RougeScore {
  return score(lcsLength(candidate, reference), candidate.length, reference.length);
}

/**
 * Length of the longest common subsequence (O(n·m) time, O(m) memory).
 *
 * @example lcsLength(['a', 'b', 'c'], ['b', 'c']) // 2
 */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

function score(overlap: number, candidateCount: number, referenceCount: number): RougeScore {
  const precision = candidateCount === 0 ? 0 : overlap / candidateCount;
  const recall = referenceCount === 0 ? 0 : overlap / referenceCount;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

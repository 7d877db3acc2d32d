/**
 * Ranked-retrieval metrics with binary relevance. `ranked` is the system's list, best first;
 * `relevant` the judged relevant ids. Pure functions, unit-tested on hand-computed cases.
 */

/**
 * Average precision: the mean, over all relevant documents, of the precision at the rank where each
 * is retrieved (0 for those never retrieved). 0 when there is nothing relevant.
 *
 * @example averagePrecision(['a', 'x', 'b'], new Set(['a', 'b'])) // (1/1 + 2/3) / 2 = 0.8333…
 */
export function averagePrecision(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 0;
  let found = 0;
  let sum = 0;
  const seen = new Set<string>();
  ranked.forEach((id, i) => {
    if (seen.has(id)) return;
    seen.add(id);
    if (relevant.has(id)) {
      found++;
      sum += found / (i + 1);
    }
  });
  return sum / relevant.size;
}

/**
 * Precision at k: relevant documents among the first k, divided by k (a short list is not padded up).
 *
 * @example precisionAt(['a', 'x'], new Set(['a']), 10) // 0.1
 */
export function precisionAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let hits = 0;
  for (const id of ranked.slice(0, k)) if (relevant.has(id)) hits++;
  return hits / k;
}

/**
 * nDCG at k with binary gains and the log2(rank + 1) discount; the ideal list puts min(|relevant|, k)
 * relevant documents first. 0 when there is nothing relevant.
 *
 * @example ndcgAt(['x', 'a'], new Set(['a']), 10) // (1/log2(3)) / 1 = 0.6309…
 */
export function ndcgAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/**
 * The arithmetic mean (0 for an empty list).
 *
 * @example mean([1, 0, 0.5]) // 0.5
 */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

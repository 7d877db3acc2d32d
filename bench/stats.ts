/** Small statistics and formatting helpers for the benchmark. */

/** The p-th percentile (nearest rank) of a list of numbers; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** p50 and p99 of latencies in milliseconds, rounded to 0.1 ms. */
export function summarizeLatencies(ms: readonly number[]): { p50: number; p99: number; n: number } {
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), n: ms.length };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Megabytes, one decimal. */
export function mb(bytes: number): number {
  return round(bytes / 1048576);
}

/** Milliseconds since `start` (from `performance.now()`). */
export function since(start: number): number {
  return performance.now() - start;
}

import { boundedMemo } from '../memo.js';

/** Most distinct words remembered by {@link memoizeTerms}; past it the oldest are forgotten. */
const TERM_CACHE_SIZE = 500_000;

/**
 * A term-processing function that remembers its answers. Stemming costs about a microsecond a word
 * and a corpus repeats its words: at 100k articles the index build calls it some 50 million times
 * for a few hundred thousand distinct words. Only a one-argument function is memoized (one whose
 * answer depends on the field would be returned as is).
 *
 * @example memoizeTerms((w) => w.toLowerCase())('Taliban') // => 'taliban'
 */
export function memoizeTerms<F extends (term: string, fieldName?: string) => string | string[] | null | undefined | false>(process: F, size = TERM_CACHE_SIZE): F {
  if (process.length > 1) return process;
  return boundedMemo((term: string) => process(term), size) as F;
}

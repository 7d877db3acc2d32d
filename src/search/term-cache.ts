/** Most distinct words remembered by {@link memoizeTerms}; past it the memory starts afresh. */
export const TERM_CACHE_SIZE = 500_000;

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
  const cache = new Map<string, ReturnType<F>>();
  return ((term: string) => {
    let out = cache.get(term);
    if (out === undefined && !cache.has(term)) {
      out = process(term) as ReturnType<F>;
      if (cache.size >= size) cache.clear();
      cache.set(term, out);
    }
    return out;
  }) as F;
}

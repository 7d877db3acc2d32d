/**
 * A one-argument function that remembers its last `max` answers, the oldest forgotten first: the
 * shape of every module-level cache in Brief (term processing, sentence splits, parsed dates, phrase
 * patterns, publisher names, cron schedules), so none grows without bound. Keys compare as a `Map`'s
 * do; an `undefined` answer is remembered too.
 *
 * @example
 * const double = boundedMemo((n: number) => n * 2, 2);
 * [double(1), double(2), double(3)] // => [2, 4, 6]
 */
export function boundedMemo<K, V>(fn: (key: K) => V, max: number): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    const value = fn(key);
    if (cache.size >= max) cache.delete(cache.keys().next().value as K);
    cache.set(key, value);
    return value;
  };
}

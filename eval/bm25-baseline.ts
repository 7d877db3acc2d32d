/**
 * The plain BM25 yardstick for the TIME collection: lower-casing, the collection's own stop list,
 * nothing else (no stemming, no fields, no prefix or fuzzy matching), k1 = 1.2, b = 0.75, and the
 * Lucene form of IDF, log(1 + (N − n + 0.5) / (n + 0.5)), which is never negative.
 */

export interface Bm25Params {
  k1: number;
  b: number;
}

export const BASELINE_PARAMS: Bm25Params = { k1: 1.2, b: 0.75 };

/** A ranked document. */
export interface Bm25Hit {
  id: string;
  score: number;
}

/** An in-memory BM25 index over plain texts. */
export interface Bm25Index {
  search(query: string): Bm25Hit[];
}

/**
 * Lower-cased letter/digit runs, stop words removed.
 *
 * @example baselineTokens("The U.S. won't", new Set(['the'])) // ['u', 's', 'won', 't']
 */
export function baselineTokens(text: string, stopWords: ReadonlySet<string>): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !stopWords.has(w));
}

/**
 * Builds the index; `search` returns every document that holds a query term, best first, ties by id.
 * A word repeated in the query counts once per occurrence.
 *
 * @example bm25Index([{ id: 'a', text: 'cat' }, { id: 'b', text: 'dog' }], new Set()).search('cat')[0].id // 'a'
 */
export function bm25Index(docs: readonly { id: string; text: string }[], stopWords: ReadonlySet<string>, params: Bm25Params = BASELINE_PARAMS): Bm25Index {
  const postings = new Map<string, Map<string, number>>();
  const lengths = new Map<string, number>();
  for (const doc of docs) {
    const tokens = baselineTokens(doc.text, stopWords);
    lengths.set(doc.id, tokens.length);
    for (const t of tokens) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = new Map()));
      list.set(doc.id, (list.get(doc.id) ?? 0) + 1);
    }
  }
  const n = docs.length;
  const avgdl = n === 0 ? 0 : [...lengths.values()].reduce((a, b) => a + b, 0) / n;
  return {
    search(query: string): Bm25Hit[] {
      const scores = new Map<string, number>();
      for (const t of baselineTokens(query, stopWords)) {
        const list = postings.get(t);
        if (!list) continue;
        const idf = Math.log(1 + (n - list.size + 0.5) / (list.size + 0.5));
        for (const [id, tf] of list) {
          const norm = tf + params.k1 * (1 - params.b + (params.b * lengths.get(id)!) / avgdl);
          scores.set(id, (scores.get(id) ?? 0) + (idf * tf * (params.k1 + 1)) / norm);
        }
      }
      return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
  };
}

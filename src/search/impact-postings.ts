import type { Article } from '../articles/article.js';
import { INDEX_OPTIONS, SEARCH_OPTIONS } from './index-options.js';

/**
 * Every index term's postings as typed arrays: for each term, the documents holding it in ascending
 * document number, each with its impact (the BM25 score the term gives the document, summed over the
 * fields with the index's field boosts, as MiniSearch scores it) and a bit mask of the fields it is in.
 * Structured-clonable, so it is kept in the index snapshot as is.
 */
export interface ImpactPostings {
  /** Document number → article id. */
  ids: string[];
  /** The index terms, sorted (a prefix is a range: {@link prefixRange}). */
  terms: string[];
  /** Term i's postings are at offsets[i] … offsets[i + 1] − 1. */
  offsets: Int32Array;
  docs: Int32Array;
  impacts: Float32Array;
  /** Bit f set: the term is in field f of {@link INDEX_OPTIONS}.fields. */
  fieldMasks: Uint8Array;
  /** The highest impact of each term. */
  maxImpact: Float32Array;
}

const FIELDS = INDEX_OPTIONS.fields;
const BOOST: Record<string, number> = SEARCH_OPTIONS.boost;

/**
 * The impact postings of a set of articles, tokenized and processed as the index does.
 *
 * @example buildImpactPostings([article]).ids.length // 1
 */
export function buildImpactPostings(articles: readonly Article[], processTerm: (term: string) => string | null = INDEX_OPTIONS.processTerm): ImpactPostings {
  const { k, b, d } = SEARCH_OPTIONS.bm25;
  const n = articles.length;
  const avg = FIELDS.map(() => 0);
  const lengths = FIELDS.map(() => new Float64Array(n));
  // term → field → [doc, frequency, doc, frequency, …] in document order
  const byTerm = new Map<string, number[][]>();
  articles.forEach((article, doc) => {
    FIELDS.forEach((field, f) => {
      const tokens = INDEX_OPTIONS.tokenize(INDEX_OPTIONS.extractField(article, field));
      const length = new Set(tokens).size;
      lengths[f]![doc] = length;
      avg[f] = (avg[f]! * doc + length) / (doc + 1);
      const counts = new Map<string, number>();
      for (const token of tokens) {
        const term = processTerm(token);
        if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      for (const [term, count] of counts) {
        let fields = byTerm.get(term);
        if (fields === undefined) byTerm.set(term, (fields = FIELDS.map(() => [])));
        fields[f]!.push(doc, count);
      }
    });
  });
  const terms = [...byTerm.keys()].sort();
  const offsets = new Int32Array(terms.length + 1);
  const docs: number[] = [];
  const impacts: number[] = [];
  const fieldMasks: number[] = [];
  terms.forEach((term, t) => {
    offsets[t] = docs.length;
    const perDoc = new Map<number, { impact: number; mask: number }>();
    byTerm.get(term)!.forEach((list, f) => {
      const matching = list.length / 2;
      const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        const tf = list[i + 1]!;
        const bm25 = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[f]![doc]!) / avg[f]!)));
        const entry = perDoc.get(doc) ?? { impact: 0, mask: 0 };
        entry.impact += (BOOST[FIELDS[f]!] ?? 1) * bm25;
        entry.mask |= 1 << f;
        perDoc.set(doc, entry);
      }
    });
    for (const doc of [...perDoc.keys()].sort((x, y) => x - y)) {
      docs.push(doc);
      impacts.push(perDoc.get(doc)!.impact);
      fieldMasks.push(perDoc.get(doc)!.mask);
    }
  });
  offsets[terms.length] = docs.length;
  const stored = Float32Array.from(impacts);
  const maxImpact = new Float32Array(terms.length);
  for (let t = 0; t < terms.length; t++) for (let i = offsets[t]!; i < offsets[t + 1]!; i++) if (stored[i]! > maxImpact[t]!) maxImpact[t] = stored[i]!;
  return { ids: articles.map((a) => a.id), terms, offsets, docs: Int32Array.from(docs), impacts: stored, fieldMasks: Uint8Array.from(fieldMasks), maxImpact };
}

/**
 * The term numbers of `term` itself (exact) and of the longer terms it begins (prefix), from the
 * sorted dictionary; -1 for a term not in it.
 *
 * @example prefixRange(postings, 'afghan') // { exact: -1, longer: [3, 4] }
 */
export function prefixRange(postings: ImpactPostings, term: string): { exact: number; longer: number[] } {
  const terms = postings.terms;
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (terms[mid]! < term) lo = mid + 1;
    else hi = mid;
  }
  const exact = terms[lo] === term ? lo : -1;
  const longer: number[] = [];
  for (let i = exact === -1 ? lo : lo + 1; i < terms.length && terms[i]!.startsWith(term); i++) longer.push(i);
  return { exact, longer };
}

/**
 * The field names of a field mask.
 *
 * @example fieldNames(0b101) // ['title', 'body']
 */
export function fieldNames(mask: number): string[] {
  return FIELDS.filter((_, f) => (mask & (1 << f)) !== 0);
}

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
 * @example buildImpactPostings([article]).ids // => [article.id]
 */
export function buildImpactPostings(articles: readonly Article[], processTerm: (term: string) => string | null = INDEX_OPTIONS.processTerm): ImpactPostings {
  const { k, b, d } = SEARCH_OPTIONS.bm25;
  const n = articles.length;
  const avg = FIELDS.map(() => 0);
  const lengths = FIELDS.map(() => new Float64Array(n));
  // term → [doc, field, frequency, …], in document then field order (the order they are read in)
  const byTerm = new Map<string, number[]>();
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
        const list = byTerm.get(term);
        if (list === undefined) byTerm.set(term, [doc, f, count]);
        else list.push(doc, f, count);
      }
    });
  });
  const terms = [...byTerm.keys()].sort();
  const offsets = new Int32Array(terms.length + 1);
  const docs: number[] = [];
  const impacts: number[] = [];
  const fieldMasks: number[] = [];
  const matching = new Array<number>(FIELDS.length);
  terms.forEach((term, t) => {
    offsets[t] = docs.length;
    const list = byTerm.get(term)!;
    matching.fill(0);
    for (let i = 1; i < list.length; i += 3) matching[list[i]!]!++;
    const idf = matching.map((m) => Math.log(1 + (n - m + 0.5) / (m + 0.5)));
    for (let i = 0; i < list.length; i += 3) {
      const [doc, f, tf] = [list[i]!, list[i + 1]!, list[i + 2]!];
      const impact = (BOOST[FIELDS[f]!] ?? 1) * idf[f]! * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[f]![doc]!) / avg[f]!)));
      if (docs.length > offsets[t]! && docs[docs.length - 1] === doc) {
        impacts[impacts.length - 1]! += impact;
        fieldMasks[fieldMasks.length - 1]! |= 1 << f;
      } else {
        docs.push(doc);
        impacts.push(impact);
        fieldMasks.push(1 << f);
      }
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
 * @example prefixRange(buildImpactPostings([{ ...article, title: 'Afghanistan', lead: '', body: '', tags: [], source: '' }]), 'afghan') // => { exact: -1, longer: [0] }
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
 * @example fieldNames(0b101) // => ['title', 'body']
 */
export function fieldNames(mask: number): string[] {
  return FIELDS.filter((_, f) => (mask & (1 << f)) !== 0);
}

import type { Article } from '../articles/article.js';
import { INDEX_OPTIONS, SEARCH_OPTIONS } from './index-options.js';

/**
 * Every index term's postings as typed arrays: for each term, the documents holding it in ascending
 * document number, each with its impact (the BM25 score the term gives the document, summed over the
 * fields with the index's field boosts, as MiniSearch scores it) and a bit mask of the fields it is in.
 * Documents are numbered in order of publication (undated first, ties by id), so a date range is a
 * range of document numbers. Structured-clonable, so it is kept in the index snapshot as is.
 */
export interface ImpactPostings {
  /** Document number → article id. */
  ids: string[];
  /** Document number → publication time (ms since 1970), ascending; -Infinity when undated. */
  published: Float64Array;
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
  /** What the impacts were computed from, so that documents added later are scored alike. */
  stats: CorpusStatistics;
}

/** BM25's corpus statistics: the document count, each field's mean length, each term's documents per field. */
export interface CorpusStatistics {
  documents: number;
  avgLength: Float64Array;
  /** Term t's documents holding it in field f: at t × fields + f. */
  fieldDf: Int32Array;
}

const FIELDS = INDEX_OPTIONS.fields;
const BOOST: Record<string, number> = SEARCH_OPTIONS.boost;

/**
 * What BM25 gives one field of a document for a term: `tf` occurrences, a field `length` (distinct
 * words) against the mean `avgLength`, the term in `df` of `n` documents' field. With the field's boost.
 *
 * @example fieldImpact(0, 1, 10, 10, 1, 100) > fieldImpact(0, 1, 10, 10, 50, 100) // => true
 */
export function fieldImpact(field: number, tf: number, length: number, avgLength: number, df: number, n: number): number {
  const { k, b, d } = SEARCH_OPTIONS.bm25;
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return (BOOST[FIELDS[field]!] ?? 1) * idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / (avgLength || 1))));
}

/** One document's terms: for each field, its length (distinct words) and each term's count. */
export interface DocumentTerms {
  lengths: number[];
  fields: Map<string, number>[];
}

/**
 * An article's terms per field, tokenized and processed as the index does.
 *
 * @example documentTerms({ ...article, title: 'Wheat wheat prices', lead: '', body: '', tags: [], source: '' }).fields[0] // => new Map([['wheat', 2], ['price', 1]])
 */
export function documentTerms(article: Article, processTerm: (term: string) => string | null = INDEX_OPTIONS.processTerm): DocumentTerms {
  const lengths: number[] = [];
  const fields = FIELDS.map((field) => {
    const tokens = INDEX_OPTIONS.tokenize(INDEX_OPTIONS.extractField(article, field));
    lengths.push(new Set(tokens).size);
    const counts = new Map<string, number>();
    for (const token of tokens) {
      const term = processTerm(token);
      if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    return counts;
  });
  return { lengths, fields };
}

/**
 * An article's publication time for ordering: ms since 1970, -Infinity when undated or unreadable.
 *
 * @example publishedTime({ ...article, published: undefined }) // => -Infinity
 */
export function publishedTime(article: Pick<Article, 'published'>): number {
  const t = article.published === undefined ? NaN : Date.parse(article.published);
  return Number.isFinite(t) ? t : -Infinity;
}

/** Grows a typed array by doubling. */
class Column {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Builds {@link ImpactPostings} an article at a time (so a large build can report progress between articles). */
export interface PostingsBuilder {
  add(article: Article): void;
  finish(): ImpactPostings;
}

/**
 * A builder of impact postings: each article is tokenized once into (term, document, field, count)
 * rows held in typed arrays; `finish` numbers the documents by publication, sorts the rows by term
 * and document (two counting sorts), and computes each posting's impact.
 *
 * @example
 * const builder = postingsBuilder();
 * builder.add(article);
 * builder.finish().ids // => [article.id]
 */
export function postingsBuilder(processTerm: (term: string) => string | null = INDEX_OPTIONS.processTerm): PostingsBuilder {
  const dictionary = new Map<string, number>();
  const rowTerm = new Column();
  const rowDoc = new Column();
  const rowFieldCount = new Column();
  const lengths = FIELDS.map(() => new Column());
  const articles: { id: string; published: number }[] = [];
  // Each distinct token once: its number, the term it gives (-1: none). A token then costs one
  // map look-up; its field's distinct tokens and term counts are kept by stamps, not maps.
  const tokenNumbers = new Map<string, number>();
  const tokenTerm: number[] = [];
  const tokenStamp: number[] = [];
  const termStamp: number[] = [];
  const termCount: number[] = [];
  const touched: number[] = [];
  let stamp = 0;
  return {
    add(article) {
      const doc = articles.length;
      articles.push({ id: article.id, published: publishedTime(article) });
      FIELDS.forEach((field, f) => {
        stamp++;
        let length = 0;
        touched.length = 0;
        for (const token of INDEX_OPTIONS.tokenize(INDEX_OPTIONS.extractField(article, field))) {
          let no = tokenNumbers.get(token);
          if (no === undefined) {
            no = tokenNumbers.size;
            tokenNumbers.set(token, no);
            const term = processTerm(token);
            let t = term ? dictionary.get(term) : -1;
            if (t === undefined) {
              t = dictionary.size;
              dictionary.set(term!, t);
              termStamp.push(0);
              termCount.push(0);
            }
            tokenTerm.push(t);
            tokenStamp.push(0);
          }
          if (tokenStamp[no] !== stamp) {
            tokenStamp[no] = stamp;
            length++;
          }
          const t = tokenTerm[no]!;
          if (t < 0) continue;
          if (termStamp[t] !== stamp) {
            termStamp[t] = stamp;
            termCount[t] = 0;
            touched.push(t);
          }
          termCount[t]!++;
        }
        lengths[f]!.push(length);
        for (const t of touched) {
          rowTerm.push(t);
          rowDoc.push(doc);
          rowFieldCount.push(f | (termCount[t]! << 3));
        }
      });
    },
    finish: () => finishPostings(dictionary, rowTerm, rowDoc, rowFieldCount, lengths, articles),
  };
}

function finishPostings(dictionary: Map<string, number>, rowTerm: Column, rowDoc: Column, rowFieldCount: Column, lengths: Column[], articles: { id: string; published: number }[]): ImpactPostings {
  const n = articles.length;
  // Documents by publication, then id: rank[add order] = document number.
  const order = articles.map((_, i) => i).sort((a, b) => articles[a]!.published - articles[b]!.published || (articles[a]!.id < articles[b]!.id ? -1 : articles[a]!.id > articles[b]!.id ? 1 : 0));
  const rank = new Int32Array(n);
  order.forEach((doc, r) => (rank[doc] = r));
  // Terms sorted: termRank[dictionary id] = term number.
  const terms = [...dictionary.keys()].sort();
  const termRank = new Int32Array(terms.length);
  terms.forEach((term, t) => (termRank[dictionary.get(term)!] = t));
  // Rows sorted by document number, then (stably) by term: within a term, documents ascend.
  const rows = rowTerm.length;
  const byDoc = countingSort(rows, n, (i) => rank[rowDoc.data[i]!]!, identity(rows));
  const sorted = countingSort(rows, terms.length, (i) => termRank[rowTerm.data[i]!]!, byDoc);
  const avgLength = new Float64Array(FIELDS.length);
  lengths.forEach((column, f) => {
    let sum = 0;
    for (let i = 0; i < column.length; i++) sum += column.data[i]!;
    avgLength[f] = n === 0 ? 0 : sum / n;
  });
  const fieldDf = new Int32Array(terms.length * FIELDS.length);
  const offsets = new Int32Array(terms.length + 1);
  const docs = new Int32Array(rows);
  const impacts = new Float32Array(rows);
  const fieldMasks = new Uint8Array(rows);
  const maxImpact = new Float32Array(terms.length);
  let out = 0;
  let r = 0;
  for (let t = 0; t < terms.length; t++) {
    offsets[t] = out;
    const start = r;
    while (r < rows && termRank[rowTerm.data[sorted[r]!]!] === t) {
      fieldDf[t * FIELDS.length + (rowFieldCount.data[sorted[r]!]! & 7)]!++;
      r++;
    }
    let last = -1;
    for (let i = start; i < r; i++) {
      const row = sorted[i]!;
      const doc = rank[rowDoc.data[row]!]!;
      const f = rowFieldCount.data[row]! & 7;
      const impact = fieldImpact(f, rowFieldCount.data[row]! >> 3, lengths[f]!.data[rowDoc.data[row]!]!, avgLength[f]!, fieldDf[t * FIELDS.length + f]!, n);
      if (doc === last) {
        impacts[out - 1] = impacts[out - 1]! + impact;
        fieldMasks[out - 1]! |= 1 << f;
      } else {
        docs[out] = doc;
        impacts[out] = impact;
        fieldMasks[out] = 1 << f;
        out++;
        last = doc;
      }
    }
    for (let i = offsets[t]!; i < out; i++) if (impacts[i]! > maxImpact[t]!) maxImpact[t] = impacts[i]!;
  }
  offsets[terms.length] = out;
  return {
    ids: order.map((i) => articles[i]!.id),
    published: Float64Array.from(order, (i) => articles[i]!.published),
    terms,
    offsets,
    docs: docs.slice(0, out),
    impacts: impacts.slice(0, out),
    fieldMasks: fieldMasks.slice(0, out),
    maxImpact,
    stats: { documents: n, avgLength, fieldDf },
  };
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** `input` (row numbers) stably sorted by `key(row)` in 0 … keys − 1. */
function countingSort(rows: number, keys: number, key: (row: number) => number, input: Int32Array): Int32Array {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < rows; i++) start[key(input[i]!) + 1]!++;
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) out[start[key(input[i]!)]!++] = input[i]!;
  return out;
}

/**
 * The impact postings of a set of articles, tokenized and processed as the index does.
 *
 * @example buildImpactPostings([article]).ids // => [article.id]
 */
export function buildImpactPostings(articles: readonly Article[], processTerm: (term: string) => string | null = INDEX_OPTIONS.processTerm): ImpactPostings {
  const builder = postingsBuilder(processTerm);
  for (const article of articles) builder.add(article);
  return builder.finish();
}

/**
 * The field names of a field mask.
 *
 * @example fieldNames(0b101) // => ['title', 'body']
 */
export function fieldNames(mask: number): string[] {
  return FIELDS.filter((_, f) => (mask & (1 << f)) !== 0);
}

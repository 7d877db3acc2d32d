import type { Article } from '../articles/article.js';
import { INDEX_OPTIONS, SEARCH_OPTIONS } from './index-options.js';
import { memoizeTerms } from './term-cache.js';
import type { EngineHit, EngineSearchOptions, SavedEngine, SearchEngine } from './search-engine.js';

/** The index's fields, in MiniSearch's order (title, lead, body, tags, source). */
const FIELDS = INDEX_OPTIONS.fields;
const BOOST: Record<string, number> = SEARCH_OPTIONS.boost;
/** The index's term processing, memoized (candidates repeat their words). */
const RUNTIME_INDEX_OPTIONS = { processTerm: memoizeTerms(INDEX_OPTIONS.processTerm) };

/** One document as the engine scores it: each term's frequency in each field, and each field's length. */
export interface CandidateDoc {
  id: string;
  /** Per field (in {@link FIELDS} order): how many distinct tokens it holds (MiniSearch's field length). */
  lengths: number[];
  /** Term → its frequency in each field. */
  tf: Map<string, number[]>;
}

/**
 * What the whole corpus says about terms, for BM25: how many documents, the fields' summed lengths,
 * and each term's document frequency per field and in any field. An engine over a few candidate
 * documents scores them as an index of the whole corpus would, given these.
 */
export interface CorpusTermStats {
  documents: number;
  lengthTotals: number[];
  /** Term → how many documents hold it in each field. */
  fieldFrequency: Map<string, number[]>;
  /** Term → how many documents hold it in any field. */
  frequency: Map<string, number>;
}

/** The name a candidate engine saves itself under. */
const CANDIDATE_ENGINE = 'candidates';

/**
 * A document's term frequencies and field lengths, tokenized and processed as the index does.
 *
 * @example candidateDoc(article).tf.get('taliban')?.[0] // => 1
 */
export function candidateDoc(article: Article): CandidateDoc {
  const tf = new Map<string, number[]>();
  const lengths = FIELDS.map((field, f) => {
    const tokens = INDEX_OPTIONS.tokenize(INDEX_OPTIONS.extractField(article, field));
    for (const token of tokens) {
      const term = RUNTIME_INDEX_OPTIONS.processTerm(token);
      if (!term) continue;
      let counts = tf.get(term);
      if (counts === undefined) tf.set(term, (counts = FIELDS.map(() => 0)));
      counts[f]!++;
    }
    return new Set(tokens).size;
  });
  return { id: article.id, lengths, tf };
}

/**
 * A {@link SearchEngine} over a few candidate documents that scores them as MiniSearch would score
 * them in an index of the whole corpus: BM25 per field with the index's boosts, using the corpus's
 * term statistics (`stats`, e.g. kept in PostgreSQL) instead of the candidates' own; prefix and
 * fuzzy matching against the candidates' terms; MiniSearch's coordination (the score times the
 * number of query terms matched). `add` and `remove` change the documents and the statistics
 * together, as an index would.
 *
 * @example candidateEngine([], { documents: 7, lengthTotals: [0, 0, 0, 0, 0], fieldFrequency: new Map(), frequency: new Map() }).documentCount // => 7
 */
export function candidateEngine(docs: readonly CandidateDoc[], stats: CorpusTermStats): SearchEngine {
  const held = new Map(docs.map((d) => [d.id, d]));
  /** Term → how many held documents hold it (the vocabulary prefix and fuzzy matching read). */
  const vocabulary = new Map<string, number>();
  const count = (doc: CandidateDoc, by: number) => {
    for (const term of doc.tf.keys()) {
      const n = (vocabulary.get(term) ?? 0) + by;
      if (n > 0) vocabulary.set(term, n);
      else vocabulary.delete(term);
    }
  };
  for (const doc of held.values()) count(doc, 1);
  const restat = (doc: CandidateDoc, by: 1 | -1) => {
    stats.documents += by;
    doc.lengths.forEach((l, f) => (stats.lengthTotals[f]! += by * l));
    for (const [term, tf] of doc.tf) {
      const perField = stats.fieldFrequency.get(term) ?? FIELDS.map(() => 0);
      tf.forEach((n, f) => (perField[f]! += n > 0 ? by : 0));
      stats.fieldFrequency.set(term, perField);
      stats.frequency.set(term, (stats.frequency.get(term) ?? 0) + by);
    }
  };
  const run = (specs: readonly QuerySpec[], options: EngineSearchOptions) => ranked(score(held, vocabulary, stats, specs, options.all === true), options);
  const search = (text: string, options: EngineSearchOptions = {}) => {
    const terms = INDEX_OPTIONS.tokenize(text).flatMap((t) => RUNTIME_INDEX_OPTIONS.processTerm(t) || []);
    const specs = terms.map((term, i) => ({
      term,
      prefix: options.prefix !== false && SEARCH_OPTIONS.prefix(term, i, terms),
      fuzzy: options.fuzzy === false ? (false as const) : SEARCH_OPTIONS.fuzzy(term),
      boost: options.boostTerm?.(term) ?? 1,
    }));
    return run(specs, options);
  };

  return {
    get documentCount() {
      return stats.documents;
    },
    search,
    searchTop: (text, options) => {
      const all = search(text, { ...options, top: undefined });
      return { hits: all.slice(0, Math.max(0, options.top)), total: all.length, exact: true };
    },
    searchTerms: (terms, options = {}) => run(terms.map((term) => ({ term, prefix: false, fuzzy: false, boost: options.boostTerm?.(term) ?? 1 })), { ...options, all: false }),
    documentFrequency: (term) => (Object.hasOwn(Object.prototype, term) ? 0 : (stats.frequency.get(term) ?? 0)),
    suggest: (word) => {
      const [term] = INDEX_OPTIONS.tokenize(word).flatMap((t) => RUNTIME_INDEX_OPTIONS.processTerm(t) || []);
      if (term === undefined) return [];
      const distance = Math.min(SEARCH_OPTIONS.maxFuzzy, Math.round(term.length * SUGGEST_FUZZY));
      const close = [...vocabulary.keys()].filter((t) => (t.startsWith(term) && t !== term) || (t !== term && withinDistance(term, t, distance) !== undefined));
      return close.sort((a, b) => (stats.frequency.get(b) ?? 0) - (stats.frequency.get(a) ?? 0) || (a < b ? -1 : 1)).map((t) => [t]);
    },
    add: (article) => {
      const doc = candidateDoc(article);
      held.set(doc.id, doc);
      count(doc, 1);
      restat(doc, 1);
    },
    remove: (id) => {
      const doc = held.get(id);
      if (doc === undefined) return false;
      held.delete(id);
      count(doc, -1);
      restat(doc, -1);
      return true;
    },
    save: () => ({ engine: CANDIDATE_ENGINE, data: { docs: [...held.values()], stats } }),
  };
}

/**
 * The engine saved by a candidate engine's `save()`, or `undefined` when `saved` is not one.
 *
 * @example loadCandidateEngine(candidateEngine([candidateDoc(article)], { documents: 9, lengthTotals: [0, 0, 0, 0, 0], fieldFrequency: new Map(), frequency: new Map() }).save())?.documentCount // => 9
 */
export function loadCandidateEngine(saved: SavedEngine): SearchEngine | undefined {
  if (saved?.engine !== CANDIDATE_ENGINE || typeof saved.data !== 'object' || saved.data === null) return undefined;
  const { docs, stats } = saved.data as { docs?: unknown; stats?: CorpusTermStats };
  if (!Array.isArray(docs) || !docs.every((d: CandidateDoc) => typeof d?.id === 'string' && d.tf instanceof Map && Array.isArray(d.lengths))) return undefined;
  if (typeof stats?.documents !== 'number' || !(stats.fieldFrequency instanceof Map) || !(stats.frequency instanceof Map) || !Array.isArray(stats.lengthTotals)) return undefined;
  return candidateEngine(docs as CandidateDoc[], stats);
}

/** How far a suggestion may be from the typed word, as a share of its length (as the MiniSearch engine suggests). */
const SUGGEST_FUZZY = 0.34;

interface QuerySpec {
  term: string;
  prefix: boolean;
  /** A share of the term's length, or false. */
  fuzzy: number | false;
  boost: number;
}

interface Partial {
  score: number;
  /** Query terms matched, each once. */
  terms: string[];
  /** Fields matched, in order of first match. */
  fields: string[];
}

/** Scores every held document against the query's terms, as MiniSearch's executeQuery does, OR or AND. */
function score(held: ReadonlyMap<string, CandidateDoc>, vocabulary: ReadonlyMap<string, number>, stats: CorpusTermStats, specs: readonly QuerySpec[], all: boolean): EngineHit[] {
  if (specs.length === 0) return [];
  const { fuzzy: fuzzyWeight, prefix: prefixWeight } = SEARCH_OPTIONS.weights;
  let combined: Map<string, Partial> | undefined;
  for (const spec of specs) {
    // The term itself, then longer terms it begins, then terms within the fuzzy distance (each once, the prefix weight first).
    const derived = new Map<string, number>();
    if (vocabulary.has(spec.term)) derived.set(spec.term, 1);
    const maxDistance = spec.fuzzy === false ? 0 : Math.min(SEARCH_OPTIONS.maxFuzzy, Math.round(spec.term.length * spec.fuzzy));
    for (const term of vocabulary.keys()) {
      if (term === spec.term) continue;
      if (spec.prefix && term.startsWith(spec.term)) {
        derived.set(term, (prefixWeight * term.length) / (term.length + 0.3 * (term.length - spec.term.length)));
        continue;
      }
      const distance = maxDistance > 0 ? withinDistance(spec.term, term, maxDistance) : undefined;
      if (distance !== undefined) derived.set(term, (fuzzyWeight * term.length) / (term.length + distance));
    }
    const results = new Map<string, Partial>();
    for (const [term, weight] of derived) termResults(held, stats, spec.term, term, weight * spec.boost, results);
    combined = combined === undefined ? results : combine(combined, results, all);
  }
  const hits: EngineHit[] = [];
  for (const [id, r] of combined!) hits.push({ id, score: r.score * (r.terms.length || 1), queryTerms: r.terms, fields: r.fields });
  return hits;
}

function termResults(held: ReadonlyMap<string, CandidateDoc>, stats: CorpusTermStats, source: string, term: string, weight: number, results: Map<string, Partial>): void {
  const { k, b, d } = SEARCH_OPTIONS.bm25;
  const perField = stats.fieldFrequency.get(term);
  FIELDS.forEach((field, f) => {
    const matching = perField?.[f] ?? 0;
    if (matching === 0) return;
    const avg = stats.lengthTotals[f]! / Math.max(1, stats.documents);
    const idf = Math.log(1 + (stats.documents - matching + 0.5) / (matching + 0.5));
    for (const doc of held.values()) {
      const tf = doc.tf.get(term)?.[f] ?? 0;
      if (tf === 0) continue;
      const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * doc.lengths[f]!) / avg)));
      const s = weight * (BOOST[field] ?? 1) * raw;
      const r = results.get(doc.id);
      if (r === undefined) results.set(doc.id, { score: s, terms: [source], fields: [field] });
      else {
        r.score += s;
        if (!r.terms.includes(source)) r.terms.push(source);
        if (!r.fields.includes(field)) r.fields.push(field);
      }
    }
  });
}

function combine(a: Map<string, Partial>, b: Map<string, Partial>, all: boolean): Map<string, Partial> {
  const out = all ? new Map<string, Partial>() : a;
  for (const [id, r] of b) {
    const existing = a.get(id);
    if (existing === undefined) {
      if (!all) out.set(id, r);
      continue;
    }
    existing.score += r.score;
    for (const t of r.terms) if (!existing.terms.includes(t)) existing.terms.push(t);
    for (const f of r.fields) if (!existing.fields.includes(f)) existing.fields.push(f);
    if (all) out.set(id, existing);
  }
  return out;
}

/** Filter, `boostDocument`, best first (stable), `top`: as the MiniSearch engine applies them. */
function ranked(hits: EngineHit[], options: EngineSearchOptions): EngineHit[] {
  const { filter, boostDocument } = options;
  const kept = filter === undefined ? hits : hits.filter((h) => filter(h.id, h.queryTerms));
  const boosted = boostDocument === undefined ? kept : kept.map((h) => ({ ...h, score: h.score * boostDocument.factor(h.id) }));
  boosted.sort((x, y) => y.score - x.score);
  return options.top === undefined ? boosted : boosted.slice(0, Math.max(0, options.top));
}

/**
 * The edit distance between two terms when it is at most `max` (and above 0), else undefined.
 *
 * @example withinDistance('talibann', 'taliban', 1) // => 1
 * @example withinDistance('taliban', 'taliban', 2) // => undefined
 */
export function withinDistance(a: string, b: string, max: number): number | undefined {
  if (a === b || Math.abs(a.length - b.length) > max) return undefined;
  const width = b.length + 1;
  if (ROWS.length < 2 * width) ROWS = new Int32Array(4 * width);
  let previous = 0;
  let current = width;
  for (let j = 0; j < width; j++) ROWS[j] = j;
  for (let i = 1; i <= a.length; i++) {
    ROWS[current] = i;
    let best = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const cost = ROWS[previous + j - 1]! + (c === b.charCodeAt(j - 1) ? 0 : 1);
      const v = Math.min(ROWS[previous + j]! + 1, ROWS[current + j - 1]! + 1, cost);
      ROWS[current + j] = v;
      if (v < best) best = v;
    }
    if (best > max) return undefined;
    [previous, current] = [current, previous];
  }
  const distance = ROWS[previous + b.length]!;
  return distance <= max ? distance : undefined;
}

/** The two rows {@link withinDistance} computes in, reused (grown when a longer term comes). */
let ROWS = new Int32Array(128);

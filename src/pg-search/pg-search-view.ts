import type pg from 'pg';
import type { Article } from '../articles/article.js';
import type { BriefIndex } from '../search/build-index.js';
import { candidateDoc, candidateEngine, withinDistance, type CandidateDoc, type CorpusTermStats } from '../search/candidate-engine.js';
import { SEARCH_SPEED } from '../search/fast-search.js';
import type { Query } from '../search/query.js';
import { terms as termsOf } from '../search/terms.js';
import { filterSql, queryTermsOf, tsquery, type Combination, type QueryTerm } from './tsquery.js';

/** How the postgres engine picks the candidates Brief's own ranking then orders. */
export interface ViewOptions {
  /** Candidates handed to Brief's ranking (and the most a brief can list). */
  candidates: number;
  /** The newest matches of a window ranked by `ts_rank` to pick the candidates from. */
  scan: number;
  /** Recent windows asked first, in days back from now; then the whole corpus. */
  windowDays: readonly number[];
  /** A window holding fewer matches than this is widened. */
  enough: number;
  /**
   * Below this many articles the candidates are tokenized here (feedback reads all their terms);
   * from it, only the query's lexemes are read from their stored tsvectors.
   */
  tokenizeBelow: number;
}

/** Chosen on the benchmark corpus (BENCHMARKS.md, "PostgreSQL engine"). */
export const VIEW_OPTIONS: ViewOptions = { candidates: 200, scan: 2000, windowDays: [7, 30, 180], enough: 50, tokenizeBelow: SEARCH_SPEED.feedbackBelow };

/** `ts_rank`'s weights {D, C, B, A}: body, source, tags, title in the index's boost ratios (1 : 1 : 2 : 3). */
const RANK_WEIGHTS = '{0.333, 0.333, 0.667, 1}';

/**
 * The part of the corpus a query can find, as a {@link BriefIndex} the synchronous pipeline
 * (`makeBrief`, `searchIndex`) runs on unchanged: up to `candidates` articles picked in PostgreSQL
 * (the query's tsquery and filters, recent windows first, ranked cheaply by `ts_rank`), in a
 * {@link candidateEngine} given the corpus's own term statistics, so Brief's BM25, coordination,
 * recency boost, phrases, filters and stories rank them as the in-memory index would.
 *
 * Which words must match follows `runSearch`: all of them first; any of them when fewer than
 * `SEARCH_SPEED.andFirstMin` articles hold all; misspellings too (from `search_terms`, when pg_trgm
 * is there) when exact matching finds fewer than `SEARCH_SPEED.fuzzyBelow`, or always below
 * `SEARCH_SPEED.fuzzyBelowFrom` articles. With `recency: false` every match is as good as another
 * whatever its date, so no window is asked first.
 *
 * @example await pgArticleLog(pool).put([{ article: { ...articleA, id: 'viewed-1', title: 'Quokka census', body: 'The quokka census counted quokkas.', lead: 'The quokka census counted quokkas.' }, origin: 'file:q.md', arrivedAt: now }]);
 * await syncSearchIndex(pool);
 * const view = await searchView(pool, parseQuery('quokka', now), { now });
 * [...view.articles.keys()] // => ['viewed-1']
 * makeBrief(view, 'quokka', { now }).kind // => 'results'
 */
export async function searchView(pool: pg.Pool, query: Query, at: { now: Date; recency?: boolean }, options: ViewOptions = VIEW_OPTIONS): Promise<BriefIndex> {
  // Without the recency boost (collections whose dates do not matter) no window is preferred.
  const windows = at.recency === false ? { ...options, windowDays: [] } : options;
  const state = await corpusState(pool);
  const words = queryTermsOf(query);
  const filters = filterSql(query, 1);
  const hasFilters = filters.sql !== '';
  let ids: string[] = [];
  let variants = new Map<string, string[]>();
  if (words.length === 0) {
    // Filters alone list the newest matching articles; words of stop words alone find nothing.
    if (!hasFilters || query.words.length + query.phrases.length > 0) return viewOf([], [], emptyStats(state));
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM search_docs WHERE ${filters.sql} ORDER BY published DESC NULLS LAST, id LIMIT ${options.candidates}`, filters.params);
    ids = rows.map((r) => r.id);
  } else {
    const found = (combination: Combination) => candidatesOf(pool, query, combination, at.now, windows);
    const and = words.length > 1 ? await found({ kind: 'and' }) : [];
    ids = and;
    if (words.length === 1 || and.length < SEARCH_SPEED.andFirstMin) {
      const or = await found({ kind: 'or' });
      ids = union(ids, or);
      const exactEnough = state.documents >= SEARCH_SPEED.fuzzyBelowFrom && or.length >= SEARCH_SPEED.fuzzyBelow;
      if (!exactEnough) variants = await misspellings(pool, words);
      if (variants.size > 0) ids = union(ids, await found({ kind: 'fuzzy', variants }));
    }
  }
  const articles = await articlesOf(pool, ids);
  // Feedback (small corpora) reads every term of the candidates: they are tokenized here. Otherwise
  // only the query's terms are scored, and their frequencies are read from the stored tsvectors.
  const docs = state.documents < options.tokenizeBelow ? articles.map(candidateDoc) : await storedDocs(pool, articles.map((a) => a.id), words, variants, query);
  const stats = await termStats(pool, state, neededTerms(docs, words, query, state.documents));
  return viewOf(articles, docs, stats);
}

interface CorpusState {
  documents: number;
  lengthTotals: number[];
}

async function corpusState(pool: pg.Pool): Promise<CorpusState> {
  const { rows } = await pool.query<{ documents: string; length_totals: string[] }>('SELECT documents::text, length_totals::text[] FROM search_state WHERE id = 1');
  return { documents: Number(rows[0]?.documents ?? 0), lengthTotals: (rows[0]?.length_totals ?? ['0', '0', '0', '0', '0']).map(Number) };
}

function emptyStats(state: CorpusState): CorpusTermStats {
  return { documents: state.documents, lengthTotals: state.lengthTotals, fieldFrequency: new Map(), frequency: new Map() };
}

function viewOf(articles: readonly Article[], docs: readonly CandidateDoc[], stats: CorpusTermStats): BriefIndex {
  return { engine: candidateEngine(docs, stats), articles: new Map(articles.map((a) => [a.id, a])) };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((id) => !seen.has(id))];
}

/**
 * The candidates for one combination of the words: in the most recent window holding at least
 * `enough` matches (the whole corpus last), the `scan` newest matches, of which the `candidates`
 * best by `ts_rank` (title weighed most, length-normalized).
 */
async function candidatesOf(pool: pg.Pool, query: Query, combination: Combination, now: Date, options: ViewOptions): Promise<string[]> {
  const q = tsquery(query, combination);
  if (q === undefined) return [];
  const filters = filterSql(query, 2);
  const since = query.since === undefined ? undefined : Date.parse(query.since);
  const windows = [...options.windowDays.map((days) => now.getTime() - days * 86_400_000).filter((from) => since === undefined || from > since), undefined];
  let ids: string[] = [];
  for (const from of windows) {
    const where = ['tsv @@ $1::tsquery', ...(filters.sql === '' ? [] : [filters.sql]), ...(from === undefined ? [] : [`published >= $${2 + filters.params.length}`])].join(' AND ');
    const params = [q, ...filters.params, ...(from === undefined ? [] : [new Date(from).toISOString()])];
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM (SELECT id, tsv FROM search_docs WHERE ${where} ORDER BY published DESC NULLS LAST, id LIMIT ${options.scan}) AS recent
       ORDER BY ts_rank('${RANK_WEIGHTS}', tsv, $1::tsquery, 1) DESC, id LIMIT ${options.candidates}`,
      params,
    );
    ids = rows.map((r) => r.id);
    if (ids.length >= options.enough) break;
  }
  return ids;
}

/** Whether each pool's database has pg_trgm: asked once a pool (the migration decides it), not once a brief. */
const trigrams = new WeakMap<pg.Pool, Promise<boolean>>();
function hasTrigrams(pool: pg.Pool): Promise<boolean> {
  let known = trigrams.get(pool);
  if (known === undefined) {
    known = pool.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").then((r) => (r.rowCount ?? 0) > 0);
    known.catch(() => trigrams.delete(pool)); // an outage is asked about again next time
    trigrams.set(pool, known);
  }
  return known;
}

/** Stored terms within each fuzzy word's edit distance (found through pg_trgm; none without it). */
async function misspellings(pool: pg.Pool, words: readonly QueryTerm[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const fuzzy = words.filter((w) => w.fuzzy > 0);
  if (fuzzy.length === 0) return out;
  if (!(await hasTrigrams(pool))) return out;
  for (const w of fuzzy) {
    const { rows } = await pool.query<{ term: string }>('SELECT term FROM search_terms WHERE term % $1 AND df > 0 AND length(term) BETWEEN $2 AND $3', [w.term, w.term.length - w.fuzzy, w.term.length + w.fuzzy]);
    const close = rows.map((r) => r.term).filter((t) => withinDistance(w.term, t, w.fuzzy) !== undefined);
    if (close.length > 0) out.set(w.term, close.sort());
  }
  return out;
}

/** Field numbers of the stored weight labels (the lead is the body below `lead_end`). */
const LABEL_FIELDS: Record<string, number> = { A: 0, D: 2, B: 3, C: 4 };

/**
 * The candidates as the engine scores them, from their stored rows: field lengths, and the
 * frequency per field of the lexemes the query can match (its terms, longer terms its prefix words
 * begin, the misspellings searched for, the excluded terms), counted from their positions' labels.
 */
async function storedDocs(pool: pg.Pool, ids: readonly string[], words: readonly QueryTerm[], variants: ReadonlyMap<string, readonly string[]>, query: Query): Promise<CandidateDoc[]> {
  const exact = [...words.map((w) => w.term), ...[...variants.values()].flat(), ...termsOf([...query.exclude, ...query.phrases].join(' '))];
  const prefixes = words.filter((w) => w.prefix).map((w) => `${w.term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const docs = new Map<string, CandidateDoc>();
  const { rows } = await pool.query<{ id: string; lengths: number[]; lead_end: number; lexeme: string | null; positions: number[] | null; weights: string[] | null }>(
    `SELECT s.id, s.lengths, s.lead_end, u.lexeme, u.positions, u.weights
     FROM search_docs s LEFT JOIN LATERAL (SELECT * FROM unnest(s.tsv) AS t WHERE t.lexeme = ANY($2::text[]) OR t.lexeme LIKE ANY($3::text[])) AS u ON true
     WHERE s.id = ANY($1::text[])`,
    [ids, exact, prefixes],
  );
  for (const r of rows) {
    let doc = docs.get(r.id);
    if (doc === undefined) docs.set(r.id, (doc = { id: r.id, lengths: r.lengths, tf: new Map() }));
    if (r.lexeme === null || r.positions === null || r.weights === null) continue;
    const tf = [0, 0, 0, 0, 0];
    r.positions.forEach((pos, i) => {
      const field = LABEL_FIELDS[r.weights![i]!] ?? 2;
      tf[field]!++;
      if (field === 2 && pos < r.lead_end) tf[1]!++;
    });
    doc.tf.set(r.lexeme, tf);
  }
  return ids.flatMap((id) => docs.get(id) ?? []);
}

async function articlesOf(pool: pg.Pool, ids: readonly string[]): Promise<Article[]> {
  if (ids.length === 0) return [];
  const { rows } = await pool.query<{ article: Article }>('SELECT article FROM articles WHERE id = ANY($1::text[]) AND NOT deleted ORDER BY id', [ids]);
  return rows.map((r) => r.article);
}

/**
 * The terms whose corpus statistics the ranking will ask for: the query's own (and excluded) terms,
 * the candidates' terms they match as prefixes or misspellings; below `SEARCH_SPEED.feedbackBelow`
 * articles, where feedback weighs the candidates' other terms too, every term of the candidates.
 */
function neededTerms(docs: readonly CandidateDoc[], words: readonly QueryTerm[], query: Query, documents: number): string[] {
  const needed = new Set([...words.map((w) => w.term), ...termsOf(query.exclude.join(' '))]);
  for (const doc of docs) {
    for (const term of doc.tf.keys()) {
      if (needed.has(term)) continue;
      if (documents < SEARCH_SPEED.feedbackBelow || words.some((w) => term.startsWith(w.term) || (w.fuzzy > 0 && withinDistance(w.term, term, w.fuzzy) !== undefined))) needed.add(term);
    }
  }
  return [...needed];
}

async function termStats(pool: pg.Pool, state: CorpusState, terms: readonly string[]): Promise<CorpusTermStats> {
  const stats = emptyStats(state);
  if (terms.length === 0) return stats;
  const { rows } = await pool.query<{ term: string; df: number; df_title: number; df_lead: number; df_body: number; df_tags: number; df_source: number }>(
    'SELECT term, df, df_title, df_lead, df_body, df_tags, df_source FROM search_terms WHERE term = ANY($1::text[])',
    [terms],
  );
  for (const r of rows) {
    stats.frequency.set(r.term, r.df);
    stats.fieldFrequency.set(r.term, [r.df_title, r.df_lead, r.df_body, r.df_tags, r.df_source]);
  }
  return stats;
}

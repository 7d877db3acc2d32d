import type { Query } from '../search/query.js';
import { SEARCH_OPTIONS } from '../search/index-options.js';
import { processTerm, terms as termsOf, tokenize } from '../search/terms.js';
import { squash } from '../search/search.js';

/** One term of a query as the engine matches it: itself, and longer terms when `prefix`. */
export interface QueryTerm {
  term: string;
  prefix: boolean;
  /** The most edits a misspelling of it may have (0: none), as MiniSearch's fuzzy option allows. */
  fuzzy: number;
}

/** A query's words and phrases as index terms, each once, with MiniSearch's prefix and fuzzy choices. */
export function queryTermsOf(query: Query): QueryTerm[] {
  const all = termsOf([...query.words, ...query.phrases].join(' '));
  const out: QueryTerm[] = [];
  all.forEach((term, i) => {
    if (out.some((q) => q.term === term)) return;
    const share = SEARCH_OPTIONS.fuzzy(term);
    out.push({ term, prefix: SEARCH_OPTIONS.prefix(term, i, all), fuzzy: share === false ? 0 : Math.min(SEARCH_OPTIONS.maxFuzzy, Math.round(term.length * share)) });
  });
  return out;
}

/**
 * A lexeme as tsquery (and tsvector) text reads it: quoted, with quotes and backslashes escaped.
 *
 * @example lexeme("o'brien") // => "'o''brien'"
 */
export function lexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A phrase as a tsquery: its terms in order, `<N>` apart where N counts the tokens between them
 * (stop words hold their places, as they do in the stored positions, so "war in iraq" is
 * `('war' <2> 'iraq')`); undefined when no term is left.
 */
function phraseQuery(phrase: string): string | undefined {
  const kept: [string, number][] = [];
  tokenize(phrase).forEach((token, i) => {
    const term = processTerm(token);
    if (term !== null) kept.push([term, i]);
  });
  if (kept.length === 0) return undefined;
  if (kept.length === 1) return lexeme(kept[0]![0]);
  return `(${kept.map(([term, i], k) => (k === 0 ? lexeme(term) : `${i - kept[k - 1]![1] === 1 ? '<->' : `<${i - kept[k - 1]![1]}>`} ${lexeme(term)}`)).join(' ')})`;
}

/** How the words combine: every one (`and`), any one (`or`), or any one or a misspelling of it (`fuzzy`, with the variants found). */
export type Combination = { kind: 'and' } | { kind: 'or' } | { kind: 'fuzzy'; variants: ReadonlyMap<string, readonly string[]> };

/**
 * The tsquery of a parsed query: its words combined as asked (a prefix word as `word:*`), and every
 * phrase (as {@link phraseQuery}), and no excluded word or phrase. Undefined when nothing is left to
 * match (no word or phrase has a term).
 *
 * @example tsquery(parseQuery('taliban "border trade" -isis', now), { kind: 'and' }) // => "'taliban':* & 'border':* & 'trade':* & ('border' <-> 'trade') & !'isis'"
 */
export function tsquery(query: Query, combination: Combination): string | undefined {
  const words = queryTermsOf(query).map((q) => {
    const self = `${lexeme(q.term)}${q.prefix ? ':*' : ''}`;
    const variants = combination.kind === 'fuzzy' ? (combination.variants.get(q.term) ?? []) : [];
    return variants.length === 0 ? self : `(${[self, ...variants.map(lexeme)].join(' | ')})`;
  });
  if (words.length === 0) return undefined;
  const parts = [combination.kind === 'and' ? words.join(' & ') : words.length === 1 ? words[0]! : `(${words.join(' | ')})`];
  for (const phrase of query.phrases) {
    const q = phraseQuery(phrase);
    if (q !== undefined) parts.push(q);
  }
  for (const excluded of query.exclude) {
    if (excluded.includes(' ')) {
      const q = phraseQuery(excluded);
      if (q !== undefined) parts.push(`!${q}`);
    } else {
      for (const term of termsOf(excluded)) parts.push(`!${lexeme(term)}`);
    }
  }
  return parts.join(' & ');
}

/** A WHERE clause and its parameters, numbered from a given `$n`. */
export interface SqlPredicate {
  sql: string;
  params: unknown[];
}

/**
 * The query's filters as SQL over `search_docs`: `source:` (a substring of the squashed publisher
 * names and host, as `passesFilters` tests it), `tag:`, `lang:`, `since:` and `until:` (undated
 * articles fail a date bound). Parameters are numbered from `$first`.
 *
 * @example filterSql(parseQuery('source:bbc since:2022-01-01', now), 3).sql // => "(strpos(source_key, $3) > 0) AND published >= $4"
 */
export function filterSql(query: Query, first: number): SqlPredicate {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  const sources = query.sources.map(squash).filter((s) => s !== '');
  if (query.sources.length > 0) clauses.push(sources.length === 0 ? 'false' : `(${sources.map((s) => `strpos(source_key, ${param(s)}) > 0`).join(' OR ')})`);
  if (query.tags.length > 0) clauses.push(`tag_keys && ${param(query.tags.map(squash))}::text[]`);
  if (query.langs.length > 0) clauses.push(`lang = ANY(${param(query.langs)}::text[])`);
  if (query.since !== undefined) clauses.push(`published >= ${param(query.since)}`);
  if (query.until !== undefined) clauses.push(`published <= ${param(query.until)}`);
  return { sql: clauses.join(' AND '), params };
}

import type { Options, SearchOptions } from 'minisearch';
import type { Article } from '../articles/article.js';
import { processTerm, tokenize } from './terms.js';

/**
 * Bumped whenever anything in {@link INDEX_OPTIONS}, {@link tokenize} or {@link processTerm} changes,
 * because a saved index only loads correctly with the options that built it (4: one tokenizer for
 * index and queries; 5: every script tokenized, with its stop words).
 */
export const INDEX_VERSION = 'brief-index-5';

/**
 * Prefix matching ("afghan" finds "afghanistan") is for short, typed queries: in a longer query every
 * word already narrows the search, and prefix variants only add noise (TIME development queries).
 */
export const PREFIX_MAX_TERMS = 4;

/**
 * Query-time defaults: title counts most, then tags; the lead (already part of the body) adds a little;
 * prefix matching for longer words of short queries, bounded fuzzy matching; plain BM25 (d = 0). Lead 0.3 and d 0 were chosen on
 * the TIME development queries (EVALUATION.md): a lead boost of 1.5 on top of the body counted lead
 * words 2.5 times and ranked worse.
 */
export const SEARCH_OPTIONS = {
  boost: { title: 3, lead: 0.3, tags: 2, source: 1, body: 1 },
  prefix: (term: string, _i: number, terms: string[]) => term.length >= 5 && terms.length <= PREFIX_MAX_TERMS,
  fuzzy: (term: string) => (term.length >= 6 ? 0.15 : false),
  maxFuzzy: 2,
  combineWith: 'OR',
  weights: { fuzzy: 0.3, prefix: 0.4 },
  bm25: { k: 1.2, b: 0.75, d: 0 },
} satisfies SearchOptions;

/** Every MiniSearch option of the index, in one place. */
export const INDEX_OPTIONS = {
  idField: 'id',
  fields: ['title', 'lead', 'body', 'tags', 'source'],
  storeFields: [],
  extractField: (article: Article, field: string): string => {
    if (field === 'tags') return article.tags.join(' ');
    const value = (article as unknown as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : '';
  },
  tokenize: (text: string) => tokenize(text),
  processTerm: (term: string) => processTerm(term),
  searchOptions: SEARCH_OPTIONS,
} satisfies Options<Article>;

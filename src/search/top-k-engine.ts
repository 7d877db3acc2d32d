import type { Article } from '../articles/article.js';
import { buildImpactPostings, fieldNames, prefixRange, type ImpactPostings } from './impact-postings.js';
import { SEARCH_OPTIONS } from './index-options.js';
import { topK, type QueryList } from './max-score.js';
import { createMiniSearchEngine, loadMiniSearchEngine, RUNTIME_INDEX_OPTIONS } from './minisearch-engine.js';
import type { EngineHit, EngineSearchOptions, SavedEngine, SearchEngine } from './search-engine.js';
import { terms as termsOf } from './terms.js';

/** The name a top-k engine saves itself under. */
const TOP_K_ENGINE = 'top-k';

/** How a top-k engine answers: `exhaustive` scores every match (tests and evaluation). */
export interface TopKEngineOptions {
  exhaustive?: boolean;
}

/**
 * A {@link SearchEngine} that answers exact and prefix queries from {@link ImpactPostings} with
 * early termination ({@link topK}), so asking for the best `top` hits costs far less than scoring
 * every match. MiniSearch stays the index of record beside it: fuzzy queries, suggestions and every
 * query after an `add` or `remove` (which change every impact: the postings are then stale until
 * the engine is built again) go to MiniSearch.
 *
 * @example createTopKEngine(articles).search('taliban', { top: 1, fuzzy: false }).length // => 1
 */
export function createTopKEngine(articles: readonly Article[], options: TopKEngineOptions = {}): SearchEngine {
  return topKEngine(createMiniSearchEngine(articles), buildImpactPostings(articles, RUNTIME_INDEX_OPTIONS.processTerm), options);
}

/**
 * The engine saved by a top-k engine's `save()`, or `undefined` when `saved` is not one.
 *
 * @example loadTopKEngine(createTopKEngine(articles).save())?.documentCount // => articles.length
 */
export function loadTopKEngine(saved: SavedEngine, options: TopKEngineOptions = {}): SearchEngine | undefined {
  if (saved?.engine !== TOP_K_ENGINE || typeof saved.data !== 'object' || saved.data === null) return undefined;
  const data = saved.data as { mini?: SavedEngine; postings?: ImpactPostings };
  const mini = data.mini === undefined ? undefined : loadMiniSearchEngine(data.mini);
  if (mini === undefined) return undefined;
  const postings = data.postings;
  if (postings !== undefined && !wellFormed(postings, mini.documentCount)) return undefined;
  return topKEngine(mini, postings, options);
}

function topKEngine(mini: SearchEngine, built: ImpactPostings | undefined, options: TopKEngineOptions): SearchEngine {
  let postings = built;
  return {
    get documentCount() {
      return mini.documentCount;
    },
    search: (text, ask = {}) => {
      const words = termsOf(text);
      const fuzzy = ask.fuzzy !== false && words.some((w) => SEARCH_OPTIONS.fuzzy(w) !== false);
      if (postings === undefined || fuzzy) return mini.search(text, ask);
      const lists = words.flatMap((word, i) => listsOf(postings!, word, words.indexOf(word), ask.prefix !== false && SEARCH_OPTIONS.prefix(word, i, words), ask.boostTerm?.(word) ?? 1));
      return run(postings, lists, words, ask, options);
    },
    searchTerms: (terms, ask = {}) => {
      if (postings === undefined) return mini.searchTerms(terms, ask);
      const lists = terms.flatMap((term, i) => listsOf(postings!, term, terms.indexOf(term), false, ask.boostTerm?.(term) ?? 1));
      return run(postings, lists, terms, ask, options);
    },
    documentFrequency: (term) => {
      if (postings === undefined) return mini.documentFrequency(term);
      const t = prefixRange(postings, term).exact;
      return t === -1 ? 0 : postings.offsets[t + 1]! - postings.offsets[t]!;
    },
    suggest: (word) => mini.suggest(word),
    add: (article) => {
      mini.add(article);
      postings = undefined;
    },
    remove: (id) => {
      const removed = mini.remove(id);
      if (removed) postings = undefined;
      return removed;
    },
    save: () => ({ engine: TOP_K_ENGINE, data: { mini: mini.save(), ...(postings === undefined ? {} : { postings }) } }),
  };
}

/** The lists a query term reads: its own, and with `prefix` those of the longer terms it begins, weighed as MiniSearch weighs them. */
function listsOf(postings: ImpactPostings, term: string, source: number, prefix: boolean, boost: number): QueryList[] {
  const { exact, longer } = prefixRange(postings, term);
  const lists: QueryList[] = exact === -1 ? [] : [{ term: exact, weight: boost, source }];
  if (!prefix) return lists;
  const prefixWeight = SEARCH_OPTIONS.weights.prefix;
  for (const t of longer) {
    const length = postings.terms[t]!.length;
    lists.push({ term: t, weight: ((prefixWeight * length) / (length + 0.3 * (length - term.length))) * boost, source });
  }
  return lists;
}

function run(postings: ImpactPostings, lists: QueryList[], words: readonly string[], ask: EngineSearchOptions, options: TopKEngineOptions): EngineHit[] {
  const sources = new Set(words).size;
  const { filter, boostDocument } = ask;
  const found = topK(postings, lists, {
    k: ask.top ?? Infinity,
    sources,
    all: ask.all === true,
    boostMax: boostDocument?.max ?? 1,
    exhaustive: options.exhaustive === true || ask.top === undefined,
    ...(filter === undefined ? {} : { filter: (doc: number, matched: readonly number[]) => filter(postings.ids[doc]!, matched.map((s) => words[s]!)) }),
    ...(boostDocument === undefined ? {} : { boost: (doc: number) => boostDocument.factor(postings.ids[doc]!) }),
  });
  return found.map((d) => ({ id: postings.ids[d.doc]!, score: d.score, queryTerms: d.sources.map((s) => words[s]!), fields: fieldNames(d.mask) }));
}

function wellFormed(p: ImpactPostings, documents: number): boolean {
  if (!Array.isArray(p.ids) || !Array.isArray(p.terms) || p.ids.length !== documents) return false;
  if (!(p.offsets instanceof Int32Array) || !(p.docs instanceof Int32Array) || !(p.impacts instanceof Float32Array) || !(p.fieldMasks instanceof Uint8Array) || !(p.maxImpact instanceof Float32Array)) return false;
  if (p.offsets.length !== p.terms.length + 1 || p.maxImpact.length !== p.terms.length) return false;
  const total = p.offsets[p.terms.length]!;
  for (let t = 0; t < p.terms.length; t++) if (!(p.offsets[t]! >= 0 && p.offsets[t]! <= p.offsets[t + 1]!)) return false;
  return p.docs.length === total && p.impacts.length === total && p.fieldMasks.length === total && p.docs.every((d) => d >= 0 && d < documents);
}

import type { Article } from '../articles/article.js';

/**
 * The search engine port: what Brief asks of a full-text index, and nothing of how one is built.
 * Callers (search.ts, expand.ts, suggest.ts, the snapshot, the brief service) use only this; the
 * engine behind it is MiniSearch today ({@link createMiniSearchEngine}), and a top-k or PostgreSQL
 * engine can sit beside it. Every implementation runs the contract suite in
 * `test/core/search-engine-contract.ts`. Synchronous: the index lives in this process.
 */
export interface SearchEngine {
  /** How many documents the engine holds. */
  readonly documentCount: number;
  /**
   * Documents matching `text` (tokenized and processed as the index was), best first: BM25 over the
   * fields with the index's field boosts, prefix and fuzzy matching as {@link EngineSearchOptions} allow.
   */
  search(text: string, options?: EngineSearchOptions): EngineHit[];
  /**
   * The best `top` hits of {@link SearchEngine.search}, and how many documents match in all: exactly,
   * or (`exact: false`) estimated when the engine skipped documents a filter was never asked about.
   */
  searchTop(text: string, options: EngineSearchOptions & { top: number }): TopHits;
  /** Documents holding any of these index terms exactly (no processing, prefix or fuzzy), best first. */
  searchTerms(terms: readonly string[], options?: Pick<EngineSearchOptions, 'filter' | 'boostTerm' | 'boostDocument' | 'top'>): EngineHit[];
  /** How many documents hold this index term exactly; 0 for a term the index has not seen. */
  documentFrequency(term: string): number;
  /** Index terms close to a typed word (misspelt or cut short), as groups of terms, best first. */
  suggest(word: string): string[][];
  /** Adds a document; its id must not be in the engine already. */
  add(article: Article): void;
  /** Removes a document; false when the engine did not hold it. */
  remove(id: string): boolean;
  /** The engine's state as a structured-clonable value, for {@link loadMiniSearchEngine} and its peers. */
  save(): SavedEngine;
}

/** One matching document. */
export interface EngineHit {
  id: string;
  score: number;
  /** The query's index terms this document matched (each query term once, whatever it expanded to). */
  queryTerms: readonly string[];
  /** The fields the matched terms were found in. */
  fields: readonly string[];
}

/** How a search matches; every flag left out means the engine's defaults for typed queries. */
export interface EngineSearchOptions {
  /** Every query term must match (true), or any one (false, the default). */
  all?: boolean;
  /** `false`: no prefix matching ("afghan" does not find "afghanistan"). */
  prefix?: false;
  /** `false`: no fuzzy (misspelling) matching. */
  fuzzy?: false;
  /** Keeps a candidate only when this holds; called with its id and the query terms it matched. */
  filter?: (id: string, queryTerms: readonly string[]) => boolean;
  /** A weight for each query term (1 when left out). */
  boostTerm?: (term: string) => number;
  /** A factor on each document's score (the recency boost), never above `max`; hits carry the boosted score. */
  boostDocument?: { factor: (id: string) => number; max: number };
  /** Only the best this many hits (an engine may then skip documents that cannot enter them). */
  top?: number;
  /**
   * A hint: `filter` rejects every document published outside these bounds (ms since 1970, inclusive)
   * and every undated one, so an engine that orders documents by date may skip them unread.
   */
  published?: { since?: number; until?: number };
}

/** The best hits of a search, and how many documents matched in all. */
export interface TopHits {
  hits: EngineHit[];
  total: number;
  /** False when `total` is an estimate. */
  exact: boolean;
}

/** An engine's saved state: which engine saved it, and its data (structured-clonable, engine-defined). */
export interface SavedEngine {
  engine: string;
  data: unknown;
}

import type { Article } from '../articles/article.js';
import { newestFirst } from '../articles/newest-first.js';
import { createMiniSearchEngine } from './minisearch-engine.js';
import type { SearchEngine } from './search-engine.js';
import { topKEngineBuilder } from './top-k-engine.js';

/**
 * The searchable corpus: a search engine over the articles, and the articles by id. `articles` holds
 * every article the engine can return: the whole corpus in memory, or, for the postgres engine, the
 * candidates of one query (src/pg-search/pg-search-view.ts); `engine.documentCount` counts the corpus.
 */
export interface BriefIndex {
  engine: SearchEngine;
  articles: Map<string, Article>;
}

/**
 * From this many articles the index is the top-k engine, below it MiniSearch (`auto`). MiniSearch
 * scores every match of a query, which past a few tens of thousands of articles costs hundreds of
 * milliseconds for a common word, and at 100k takes 109 s and 1.2 GB to build (BENCHMARKS.md); on a
 * small corpus it is fast, and pseudo-relevance feedback (below 5,000 articles) reads every match anyway.
 */
export const TOP_K_FROM = 20_000;

/**
 * Which engine an index uses: `auto` (by size, {@link TOP_K_FROM}), or one named: `top-k-exhaustive`
 * is the top-k engine scoring every match (tests and evaluation: what the fast path must agree with).
 */
export type EngineChoice = 'auto' | 'minisearch' | 'top-k' | 'top-k-exhaustive';

/**
 * Builds the index of a set of articles (ids must be unique: run `dedupeArticles` first).
 *
 * @example buildIndex(articles).articles.size === articles.length // => true
 */
export function buildIndex(articles: readonly Article[], engine: EngineChoice = 'auto'): BriefIndex {
  const builder = engineBuilder(articles.length, engine);
  for (const article of articles) builder.add(article);
  return { engine: builder.finish(), articles: new Map(articles.map((a) => [a.id, a])) };
}

/**
 * A builder of the engine {@link buildIndex} would choose for `count` articles, fed an article at a time.
 *
 * @example
 * const builder = engineBuilder(1, 'top-k');
 * builder.add(article);
 * builder.finish().documentCount // => 1
 */
export function engineBuilder(count: number, engine: EngineChoice = 'auto'): { add(article: Article): void; finish(): SearchEngine } {
  if (engine === 'minisearch' || (engine === 'auto' && count < TOP_K_FROM)) {
    const mini = createMiniSearchEngine();
    return { add: (article) => mini.add(article), finish: () => mini };
  }
  return topKEngineBuilder({ exhaustive: engine === 'top-k-exhaustive' });
}

/**
 * The article published at the latest instant (time-zone offsets compared as instants, not as
 * text), if any article has a date; ties go to the smaller id, as in {@link newestFirst}.
 *
 * @example newestArticle(buildIndex(articles))?.published // => '2022-02-08'
 */
export function newestArticle(index: BriefIndex): Article | undefined {
  let newest: Article | undefined;
  for (const article of index.articles.values()) {
    if (article.published !== undefined && (newest === undefined || newestFirst(article, newest) < 0)) newest = article;
  }
  return newest;
}

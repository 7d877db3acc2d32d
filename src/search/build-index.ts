import type { Article } from '../articles/article.js';
import { newestFirst } from '../articles/newest-first.js';
import { createMiniSearchEngine } from './minisearch-engine.js';
import type { SearchEngine } from './search-engine.js';

/** The searchable corpus: a search engine over the articles, and the articles by id. */
export interface BriefIndex {
  engine: SearchEngine;
  articles: Map<string, Article>;
}

/**
 * Builds the index of a set of articles (ids must be unique: run `dedupeArticles` first).
 *
 * @example buildIndex(articles).articles.size === articles.length // => true
 */
export function buildIndex(articles: readonly Article[]): BriefIndex {
  return { engine: createMiniSearchEngine(articles), articles: new Map(articles.map((a) => [a.id, a])) };
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

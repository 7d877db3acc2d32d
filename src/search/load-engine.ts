import { loadCandidateEngine } from './candidate-engine.js';
import { loadMiniSearchEngine } from './minisearch-engine.js';
import type { Article } from '../articles/article.js';
import type { SavedEngine, SearchEngine } from './search-engine.js';
import { loadTopKEngine } from './top-k-engine.js';

/**
 * The engine a snapshot saved, whichever engine saved it; `undefined` for a state no engine here reads.
 * `articles`: the articles it holds (the top-k engine keeps them to merge its changes).
 *
 * @example loadEngine(buildIndex(articles).engine.save())?.documentCount // => articles.length
 */
export function loadEngine(saved: SavedEngine, articles: readonly Article[] = []): SearchEngine | undefined {
  return loadMiniSearchEngine(saved) ?? loadTopKEngine(saved, { articles }) ?? loadCandidateEngine(saved);
}

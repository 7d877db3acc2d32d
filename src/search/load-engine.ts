import { loadMiniSearchEngine } from './minisearch-engine.js';
import type { SavedEngine, SearchEngine } from './search-engine.js';
import { loadTopKEngine } from './top-k-engine.js';

/**
 * The engine a snapshot saved, whichever engine saved it; `undefined` for a state no engine here reads.
 *
 * @example loadEngine(buildIndex(articles).engine.save())?.documentCount // => articles.length
 */
export function loadEngine(saved: SavedEngine): SearchEngine | undefined {
  return loadMiniSearchEngine(saved) ?? loadTopKEngine(saved);
}

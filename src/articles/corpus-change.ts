/**
 * The shapes the corpus side and the search side share (type-only): what changed in the corpus, and
 * what it holds now. The watcher and feeds produce changes; the BriefService applies them.
 */
import type { Article } from './article.js';

/** Articles added or changed, and ids removed, in one corpus update. */
export interface CorpusChange {
  upserted: Article[];
  removed: string[];
}

/** How many articles the corpus holds, and the newest. */
export interface CorpusStats {
  articles: number;
  newest?: Article;
}

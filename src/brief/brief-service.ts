import type { Article } from '../articles/article.js';
import { newestArticle, type BriefIndex } from '../search/build-index.js';
import { makeBrief, type Brief } from './make-brief.js';

/** What the Slack app (and the CLI) ask of the search side. Async, so it may run off the main thread. */
export interface BriefService {
  /** The brief for a query; `page` is 0-based. */
  brief(text: string, options?: { page?: number; pageSize?: number }): Promise<Brief>;
  /** What the corpus holds now. */
  stats(): CorpusStats;
}

export interface CorpusStats {
  articles: number;
  newest?: Article;
}

/**
 * A BriefService that searches in this thread. `currentIndex` is read on every call, so swapping the
 * index (after a corpus change) takes effect at once and no query ever sees an empty one.
 *
 * @example inProcessBriefService(() => index, () => new Date()).brief('taliban')
 */
export function inProcessBriefService(currentIndex: () => BriefIndex, now: () => Date): BriefService {
  return {
    brief: async (text, options = {}) => makeBrief(currentIndex(), text, { now: now(), ...options }),
    stats: () => {
      const index = currentIndex();
      const newest = newestArticle(index);
      return newest === undefined ? { articles: index.articles.size } : { articles: index.articles.size, newest };
    },
  };
}

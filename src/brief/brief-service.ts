import type { CorpusChange, CorpusStats } from '../articles/corpus-change.js';
import { newestArticle, type BriefIndex } from '../search/build-index.js';
import { makeBrief, type Brief } from './make-brief.js';

/** What the Slack app (and the CLI) ask of the search side. Async, so it may run off the main thread. */
export interface BriefService {
  /** The brief for a query; `page` is 0-based. */
  brief(text: string, options?: { page?: number; pageSize?: number }): Promise<Brief>;
  /** What the corpus holds now. */
  stats(): CorpusStats;
  /** Applies a corpus change; queries before it see the old state, queries after it the new one, never an empty index. */
  apply(change: CorpusChange): Promise<void>;
}

/**
 * A BriefService that searches in this thread, over an index it updates in place (the engine's
 * `remove`/`add` run synchronously, so no query can observe a half-applied change).
 *
 * @example (await inProcessBriefService(buildIndex(articles), () => now).brief('taliban')).kind // => 'results'
 */
export function inProcessBriefService(index: BriefIndex, now: () => Date): BriefService {
  return {
    brief: async (text, options = {}) => makeBrief(index, text, { now: now(), ...options }),
    stats: () => corpusStats(index),
    apply: async (change) => applyChange(index, change),
  };
}

/** How many articles an index holds, and the newest. */
export function corpusStats(index: BriefIndex): CorpusStats {
  const newest = newestArticle(index);
  return newest === undefined ? { articles: index.articles.size } : { articles: index.articles.size, newest };
}

/** Applies a corpus change to an index in place, synchronously. */
export function applyChange(index: BriefIndex, change: CorpusChange): void {
  for (const id of change.removed) {
    if (index.articles.delete(id)) index.engine.remove(id);
  }
  for (const article of change.upserted) {
    if (index.articles.has(article.id)) index.engine.remove(article.id);
    index.engine.add(article);
    index.articles.set(article.id, article);
  }
}

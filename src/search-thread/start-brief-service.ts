import { inProcessBriefService, type BriefService } from '../brief/brief-service.js';
import type { ProgressLog } from '../corpus/load-index.js';
import type { ArticleLookup } from '../digest/digest.js';
import { indexLookup } from '../digest/pick-digest.js';
import type { BriefIndex } from '../search/build-index.js';
import { onePerTurn } from './one-per-turn.js';
import { workerBriefService, type IndexSource } from './worker-brief-service.js';

/** From this many articles, `npm start` searches in a worker thread ({@link startBriefService}). */
const SEARCH_THREAD_FROM = 5_000;

export interface StartedBriefService {
  briefs: BriefService;
  /** Finds articles by id, kept in step with every change applied through `briefs` (what digests need). */
  lookup: ArticleLookup;
  /** Stops the search thread, if there is one. */
  close(): Promise<void>;
}

/**
 * The BriefService for a corpus `npm start` has loaded: in this thread for a small corpus; for one of
 * {@link SEARCH_THREAD_FROM} articles or more, a search thread started from the same snapshot and from
 * `loaded.source` (the corpus folder by default), so it loads in seconds; this thread's copy of the index dropped and only its articles kept for lookups.
 *
 * @example const loaded = await loadCorpusIndex(corpusDir, { snapshotPath: false });
 * const small = await startBriefService(loaded, { snapshotPath: false, now: () => clock.now() }); // 6 articles: searched in this thread
 * (await small.briefs.brief('taliban revenue')).kind // => 'results'
 * (await small.lookup([articles[0].id])).length // => 1
 * await small.close();
 */
export async function startBriefService(
  loaded: { index: BriefIndex; corpus: { dir: string }; source?: IndexSource },
  options: { snapshotPath: string | false; now: () => Date; log?: ProgressLog; threadFrom?: number },
): Promise<StartedBriefService> {
  if (loaded.index.articles.size < (options.threadFrom ?? SEARCH_THREAD_FROM)) {
    // One brief a turn: a burst of commands is acknowledged between briefs, not after all of them.
    return { briefs: onePerTurn(inProcessBriefService(loaded.index, options.now)), lookup: indexLookup(loaded.index), close: async () => undefined };
  }
  const service = workerBriefService({ source: loaded.source ?? { kind: 'corpus', dir: loaded.corpus.dir }, snapshotPath: options.snapshotPath, now: options.now, ...(options.log === undefined ? {} : { log: options.log }) });
  await service.ready;
  const articles = new Map(loaded.index.articles);
  const briefs: BriefService = {
    brief: (text, briefOptions) => service.brief(text, briefOptions),
    stats: () => service.stats(),
    apply: async (change) => {
      await service.apply(change);
      for (const id of change.removed) articles.delete(id);
      for (const article of change.upserted) articles.set(article.id, article);
    },
  };
  return { briefs, lookup: indexLookup({ articles }), close: () => service.close() };
}

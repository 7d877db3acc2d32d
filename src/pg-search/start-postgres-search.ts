import type { ProgressLog } from '../corpus/load-index.js';
import type { StartedBriefService } from '../search-thread/start-brief-service.js';
import { openMigratedPool } from '../store/pg-migrate.js';
import { postgresBriefService } from './pg-brief-service.js';

/** The longest a statement of the search pool may run. */
const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * The BriefService of `SEARCH_ENGINE=postgres`: a pool of its own on the migrated database, the
 * search tables brought up to the articles table before the first brief, and nothing held in
 * memory but the corpus stats. Later changes reach it through `briefs.apply` (the article follower
 * calls it on each change, and so do the leader's corpus watcher and feeds).
 *
 * @example await pgArticleLog(pool).put([{ article: { ...articleA, id: 'started-1' }, origin: 'file:s.md', arrivedAt: now }]);
 * const search = await startPostgresSearch(databaseUrl, { now: () => now, log });
 * search.briefs.stats().articles > 0 // => true
 * await search.close();
 */
export async function startPostgresSearch(url: string, options: { now: () => Date; log?: ProgressLog; onIdleError?: (err: Error) => void }): Promise<StartedBriefService> {
  // No statement of a brief (or of one indexing batch) may hold a connection for long, whatever was typed.
  const pool = await openMigratedPool({ connectionString: url, max: 4, application_name: 'brief-search', statement_timeout: STATEMENT_TIMEOUT_MS }, options.onIdleError);
  const started = performance.now();
  const { briefs, lookup } = postgresBriefService(pool, options.now);
  try {
    await briefs.apply({ upserted: [], removed: [] });
  } catch (err) {
    await pool.end();
    throw err;
  }
  options.log?.info({ articles: briefs.stats().articles, ms: Math.round(performance.now() - started) }, 'postgres search ready');
  return { briefs, lookup, close: () => pool.end() };
}

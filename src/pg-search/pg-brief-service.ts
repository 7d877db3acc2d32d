import type pg from 'pg';
import type { Article } from '../articles/article.js';
import type { CorpusStats } from '../articles/corpus-change.js';
import type { BriefService } from '../brief/brief-service.js';
import { makeBrief } from '../brief/make-brief.js';
import type { ArticleLookup } from '../digest/digest.js';
import { parseQuery } from '../search/query.js';
import { syncSearchIndex } from './pg-search-index.js';
import { searchView, VIEW_OPTIONS, type ViewOptions } from './pg-search-view.js';

/** The postgres engine's BriefService, and a lookup of articles by id in the same table. */
export interface PostgresBriefService {
  briefs: BriefService;
  lookup: ArticleLookup;
}

/**
 * A {@link BriefService} that holds no index: each brief asks PostgreSQL for its candidates
 * ({@link searchView}) and makes the brief from them with the same pipeline as the in-memory
 * index. `apply` ignores the change it is given and brings the search tables up to the articles
 * table ({@link syncSearchIndex}), where the change was written (by the leader); call it (or
 * {@link PostgresBriefService.briefs}.apply with an empty change) once at start-up.
 *
 * @example await pgArticleLog(pool).put([{ article: { ...articleA, id: 'served-1', title: 'Wombat burrows mapped', body: 'Wombat burrows were mapped.', lead: 'Wombat burrows were mapped.' }, origin: 'file:w.md', arrivedAt: now }]);
 * const { briefs, lookup } = postgresBriefService(pool, () => now);
 * await briefs.apply({ upserted: [], removed: [] });
 * const brief = await briefs.brief('wombat burrows');
 * brief.kind === 'results' && brief.items[0].article.id // => 'served-1'
 * (await lookup(['served-1', 'gone'])).map((a) => a.id) // => ['served-1']
 */
export function postgresBriefService(pool: pg.Pool, now: () => Date, options: { recency?: boolean; view?: ViewOptions } = {}): PostgresBriefService {
  let stats: CorpusStats = { articles: 0 };
  const refresh = async () => {
    const { rows } = await pool.query<{ documents: string; article: Article | null }>(
      `SELECT (SELECT documents::text FROM search_state WHERE id = 1) AS documents,
              (SELECT a.article FROM search_docs s JOIN articles a ON a.id = s.id WHERE s.published IS NOT NULL ORDER BY s.published DESC, s.id LIMIT 1) AS article`,
    );
    const row = rows[0];
    const articles = Number(row?.documents ?? 0);
    stats = row?.article == null ? { articles } : { articles, newest: row.article };
  };
  const briefs: BriefService = {
    brief: async (text, briefOptions = {}) => {
      const at = now();
      const view = await searchView(pool, parseQuery(text, at), { now: at, ...(options.recency === undefined ? {} : { recency: options.recency }) }, options.view ?? VIEW_OPTIONS);
      return makeBrief(view, text, { now: at, ...briefOptions, ...(options.recency === undefined ? {} : { recency: options.recency }) });
    },
    stats: () => stats,
    apply: async () => {
      await syncSearchIndex(pool);
      await refresh();
    },
  };
  const lookup: ArticleLookup = async (ids) => {
    if (ids.length === 0) return [];
    const { rows } = await pool.query<{ id: string; article: Article }>('SELECT id, article FROM articles WHERE id = ANY($1::text[]) AND NOT deleted', [ids]);
    const byId = new Map(rows.map((r) => [r.id, r.article]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  return { briefs, lookup };
}

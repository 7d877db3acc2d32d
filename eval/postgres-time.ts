/**
 * `npm run eval -- --engine postgres`: the TIME collection loaded into a throwaway PostgreSQL
 * database (at `DATABASE_URL_TEST`'s server when set, else on a cluster started for the run as the
 * tests start theirs), searched through the postgres engine's view and Brief's ranking.
 */
import pg from 'pg';
import type { Article } from '../src/articles/article.js';
import { syncSearchIndex } from '../src/pg-search/pg-search-index.js';
import { searchView, type ViewOptions } from '../src/pg-search/pg-search-view.js';
import { searchIndex } from '../src/search/search.js';
import { pgArticleLog } from '../src/store/pg-articles.js';
import { openMigratedPool } from '../src/store/pg-migrate.js';
import { startTestCluster } from '../test/support/postgres-cluster.js';
import type { TimeSearch } from './time-eval.js';

/** A server's admin URL to make throwaway databases on, and how to let it go. */
async function throwawayServer(given: string | undefined): Promise<{ adminUrl: string; stop(): void }> {
  if (given !== undefined && given !== '') return { adminUrl: given, stop: () => undefined };
  return startTestCluster();
}

/** Runs `work` with a searcher over `articles` in a new database, dropped afterwards. */
export async function withPostgresSearch<T>(articles: readonly Article[], view: ViewOptions, work: (search: TimeSearch) => Promise<T>): Promise<T> {
  const server = await throwawayServer(process.env.DATABASE_URL_TEST);
  const name = `brief_eval_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  const pool = await openMigratedPool({ connectionString: url.toString(), max: 2 });
  try {
    await pgArticleLog(pool).put(articles.map((article) => ({ article, origin: `file:${article.file ?? article.id}`, arrivedAt: new Date(0) })));
    await syncSearchIndex(pool);
    return await work(async (query, now) => searchIndex(await searchView(pool, query, { now, recency: false }, view), query, { now, recency: false }));
  } finally {
    await pool.end();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    server.stop();
  }
}

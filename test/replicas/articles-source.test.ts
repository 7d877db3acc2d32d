/**
 * A replica's articles with DATABASE_URL (real PostgreSQL): the index from the table, or from the
 * snapshot saved from the same table at an earlier change number (then caught up), never from a
 * snapshot of another database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { inProcessBriefService } from '../../src/brief/brief-service.js';
import { startBriefService } from '../../src/search-thread/start-brief-service.js';
import { openArticleSource, type ArticleSource } from '../../src/replicas/articles-source.js';
import { pgArticleLog } from '../../src/store/pg-articles.js';
import { openMigratedPool } from '../../src/store/pg-migrate.js';
import { openPostgresStore } from '../../src/store/pg-store.js';
import type { Stores } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

const at = new Date('2026-03-30T06:00:00Z');
const article = (id: string, title: string): Article => ({ id, title, lead: `${title}.`, body: `${title}. More about ${id}.`, tags: [], lang: 'en', excerpt: false });
const noDuties = { lead: async () => undefined, follow: async () => undefined };

const dbs: TestDatabase[] = [];
const pools: pg.Pool[] = [];
const stores: Stores[] = [];
const sources: ArticleSource[] = [];
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'brief-source-'));
});
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
  await Promise.all([...stores.splice(0).map((s) => s.close()), ...pools.splice(0).map((p) => p.end())]);
  await Promise.all(dbs.splice(0).map((d) => d.drop()));
  rmSync(dir, { recursive: true, force: true });
});

async function database(...articles: Article[]) {
  const db = await createTestDatabase();
  dbs.push(db);
  const pool = await openMigratedPool({ connectionString: db.url, max: 2 });
  pools.push(pool);
  const table = pgArticleLog(pool);
  await table.put(articles.map((a) => ({ article: a, origin: `file:${a.id}.md`, arrivedAt: at })));
  return { db, table };
}

async function open(url: string): Promise<ArticleSource> {
  const store = await openPostgresStore(url);
  stores.push(store);
  const source = await openArticleSource(
    { corpusDir: path.join(dir, 'corpus'), sourcesFile: path.join(dir, 'sources.yml'), databaseUrl: url },
    { stores: store, log: pino({ level: 'silent' }), snapshotPath: path.join(dir, 'index.bin'), now: () => at },
  );
  sources.push(source);
  return source;
}
const ids = (source: ArticleSource) => [...source.loaded.index.articles.keys()].sort();

describe('a replica opening its articles from PostgreSQL', () => {
  it('loads the table, then warm-starts from its snapshot and catches up with the changes since', async () => {
    const { db, table } = await database(article('a', 'Alpha'), article('b', 'Beta'));
    const first = await open(db.url);
    expect(ids(first)).toEqual(['a', 'b']);
    expect(first.loaded.source).toEqual({ kind: 'articles', articles: expect.any(Array) });
    await sources.pop()!.close();

    await table.put([{ article: article('c', 'Gamma'), origin: 'feed:https://x.example/rss', arrivedAt: at }]);
    await table.remove(['a']);
    const again = await open(db.url);
    expect(ids(again)).toEqual(['a', 'b']); // the snapshot, as it was saved
    const briefs = inProcessBriefService(again.loaded.index, () => at);
    await again.follow(briefs, noDuties); // settles once caught up
    expect(ids(again)).toEqual(['b', 'c']);
    expect(briefs.stats().articles).toBe(2);
  });

  it('a search thread starts from the same snapshot and follows the table too', async () => {
    const { db, table } = await database(article('a', 'Alpha'), article('b', 'Beta'));
    await open(db.url);
    await sources.pop()!.close();
    await table.put([{ article: article('c', 'Gamma harbour'), origin: 'feed:https://x.example/rss', arrivedAt: at }]);
    const source = await open(db.url);
    const started = await startBriefService(source.loaded, { snapshotPath: path.join(dir, 'index.bin'), now: () => at, threadFrom: 1 });
    try {
      expect(started.briefs.stats().articles).toBe(2);
      await source.follow(started.briefs, noDuties);
      expect(started.briefs.stats().articles).toBe(3);
      expect((await started.briefs.brief('gamma harbour')).kind).toBe('results');
      expect(await started.lookup(['c'])).toEqual([expect.objectContaining({ title: 'Gamma harbour' })]);
    } finally {
      await started.close();
    }
  });

  it('never takes a snapshot saved from another database, even at a lower change number', async () => {
    const one = await database(article('a', 'Alpha'), article('b', 'Beta'));
    await open(one.db.url);
    await sources.pop()!.close();
    const other = await database(article('x', 'Xi'), article('y', 'Ypsilon'), article('z', 'Zeta'));
    expect(ids(await open(other.db.url))).toEqual(['x', 'y', 'z']);
  });
});

/**
 * The leader's corpus import into the articles table (real PostgreSQL, a temp copy of the corpus
 * folder), and feed items written to the table instead of files, each stored once.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pollFeed } from '../../src/feeds/ingest-feed.js';
import { corpusImport, type CorpusImport } from '../../src/replicas/import-corpus.js';
import { pgArticleLog, type ArticleLog } from '../../src/store/pg-articles.js';
import { openMigratedPool } from '../../src/store/pg-migrate.js';
import { openPostgresStore } from '../../src/store/pg-store.js';
import type { Stores } from '../../src/store/store.js';
import { FEED_FIXTURES, FeedServer } from '../feeds/feed-server.js';
import { ingestCli } from '../../src/cli/ingest.js';
import { CORPUS } from '../support/paths.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

const silent = pino({ level: 'silent' });
const at = new Date('2026-03-30T06:00:00Z');
const markdown = (id: string, title: string) => `---\nid: ${id}\ntitle: ${title}\nurl: https://news.example/${id}\nsource: Example News\npublished: 2026-03-29\n---\n\n${title}. A paragraph about ${id}.\n`;

let db: TestDatabase;
let pool: pg.Pool;
let table: ArticleLog;
let dir: string;
const imports: CorpusImport[] = [];
beforeEach(async () => {
  db = await createTestDatabase();
  pool = await openMigratedPool({ connectionString: db.url, max: 4 });
  table = pgArticleLog(pool);
  dir = mkdtempSync(path.join(tmpdir(), 'brief-import-'));
  cpSync(CORPUS, dir, { recursive: true });
});
afterEach(async () => {
  await Promise.all(imports.splice(0).map((i) => i.stop()));
  await pool.end();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

function importer(): CorpusImport {
  const made = corpusImport({ dir, table, now: () => at, log: silent, debounceMs: 50 });
  imports.push(made);
  return made;
}
/** The table's present rows as `id origin title`. */
async function rows(): Promise<string[]> {
  const { rows: found } = await pool.query<{ id: string; origin: string; title: string }>(`SELECT id, origin, article->>'title' AS title FROM articles WHERE NOT deleted ORDER BY id`);
  return found.map((r) => `${r.id} ${r.origin} ${r.title}`);
}
/** Polls the table until `check` holds; fails after 5 s. */
async function eventually(check: (present: string[]) => boolean, what: string): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const present = await rows();
    if (check(present)) return present;
    if (Date.now() > deadline) throw new Error(`not within 5 s: ${what} (table: ${present.join('; ')})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the corpus folder imported into the articles table', () => {
  it('imports every file, then sends added, edited and deleted files to the table as they happen', async () => {
    await importer().start();
    const first = await rows();
    expect(first).toHaveLength(6);
    expect(first.every((r) => / file:[^ ]+\.md /.test(r))).toBe(true);
    const { rows: urls } = await pool.query(`SELECT canonical_url FROM articles WHERE id = 'taliban-collecting-revenue'`);
    expect(urls).toEqual([{ canonical_url: 'https://usip.org/publications/2022/02/taliban-are-collecting-revenue-how-are-they-spending-it' }]);

    writeFileSync(path.join(dir, 'harbour.md'), markdown('harbour', 'Harbour reopens'));
    await eventually((present) => present.includes('harbour file:harbour.md Harbour reopens'), 'the added file');
    writeFileSync(path.join(dir, 'harbour.md'), markdown('harbour', 'Harbour reopens after storm'));
    await eventually((present) => present.includes('harbour file:harbour.md Harbour reopens after storm'), 'the edit');
    unlinkSync(path.join(dir, 'harbour.md'));
    const after = await eventually((present) => !present.some((r) => r.startsWith('harbour ')), 'the deletion');
    expect(after).toEqual(first);
    const { rows: tomb } = await pool.query(`SELECT deleted FROM articles WHERE id = 'harbour'`);
    expect(tomb).toEqual([{ deleted: true }]); // a tombstone, so followers learn of it
  });

  it('at the next leadership, reconciles what changed in the folder meanwhile, and leaves feed items alone', async () => {
    const first = importer();
    await first.start();
    await first.stop();
    await table.put([{ article: { id: 'feed-abc', title: 'From a feed', lead: 'x', body: 'x', tags: [], lang: 'en', excerpt: false }, origin: 'feed:https://feeds.example/rss', arrivedAt: at }]);
    const edited = path.join(dir, 'xi-meets-putin-strategic-coordination.md');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^title: .*$/m, 'title: Xi and Putin, edited while no one led'));
    unlinkSync(path.join(dir, 'china-careful-dance-ukraine-crisis.md'));
    writeFileSync(path.join(dir, 'added-offline.md'), markdown('added-offline', 'Added while no one led'));

    const { seq } = await table.head();
    await importer().start();
    const present = await rows();
    expect(present).toHaveLength(7);
    expect(present).toContain('added-offline file:added-offline.md Added while no one led');
    expect(present).toContain('feed-abc feed:https://feeds.example/rss From a feed');
    expect(present.some((r) => r.startsWith('china-careful-dance-ukraine-crisis '))).toBe(false);
    expect(present.find((r) => r.startsWith('xi-meets-putin'))).toMatch(/edited while no one led/);
    // Only what changed was written: three changes past the change number before the import.
    const { change } = await table.changesSince(seq);
    expect(change.upserted.map((a) => a.id).sort()).toEqual(['added-offline', 'xi-meets-putin-strategic-coordination']);
    expect(change.removed).toEqual(['china-careful-dance-ukraine-crisis']);
  });
});

describe('the corpus import when the table fails', () => {
  /** The table, with its next `put`s failing as when the database is away. */
  function flaky(failures: number) {
    let left = failures;
    const table = pgArticleLog(pool);
    return {
      idsFrom: (prefix: string) => table.idsFrom(prefix),
      remove: (ids: readonly string[], options?: { originPrefix?: string }) => table.remove(ids, options),
      put: async (records: Parameters<ArticleLog['put']>[0]) => {
        if (left > 0) {
          left -= 1;
          throw new Error('Connection terminated unexpectedly');
        }
        return table.put(records);
      },
      failNext: (n: number) => void (left = n),
    };
  }
  const start = (table: ReturnType<typeof flaky>) => {
    const made = corpusImport({ dir, table, now: () => at, log: silent, debounceMs: 50, retryMs: 100 });
    imports.push(made);
    return made.start();
  };

  it('an import that fails is tried again while leading', async () => {
    await start(flaky(1));
    expect(await rows()).toEqual([]);
    await eventually((present) => present.length === 6, 'the import tried again');
  });

  it('a file whose write failed reaches the table through the next import', async () => {
    const table = flaky(0);
    await start(table);
    table.failNext(1);
    writeFileSync(path.join(dir, 'harbour.md'), markdown('harbour', 'Harbour reopens'));
    await eventually((present) => present.includes('harbour file:harbour.md Harbour reopens'), 'the file, after the failed write');
  });

  it('a replica that leads again after a failed import imports at once', async () => {
    const made = corpusImport({ dir, table: flaky(1), now: () => at, log: silent, retryMs: 600_000 });
    imports.push(made);
    await made.start();
    expect(await rows()).toEqual([]);
    await made.stop();
    await made.start();
    expect(await rows()).toHaveLength(6);
  });
});

describe('feed items in the articles table', () => {
  let feeds: FeedServer;
  const stores: Stores[] = [];
  beforeEach(async () => {
    feeds = await new FeedServer().start();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await feeds.close();
  });

  it('two replicas polling one feed at once store each item once, as a row and not a file', async () => {
    const url = `${feeds.base}/world.rss`;
    const replica = async () => {
      const store = await openPostgresStore(db.url);
      stores.push(store);
      const deps = { ...store, corpusDir: dir, now: () => at, log: silent, articles: pgArticleLog(pool), fetch: { allowHosts: ['127.0.0.1'] } };
      return pollFeed(deps, url, { intervalMinutes: 15 });
    };
    const results = await Promise.all([replica(), replica()]);
    const added = results.flatMap((r) => r.added.map((a) => a.id));
    expect(added.length).toBeGreaterThan(0);
    expect(new Set(added).size).toBe(added.length); // no item taken by both
    expect(results[0]!.items).toBe(added.length); // and none by neither
    const { rows: stored } = await pool.query<{ origin: string; n: number }>(`SELECT origin, count(*)::int AS n FROM articles WHERE starts_with(origin, 'feed:') GROUP BY origin`);
    expect(stored).toEqual([{ origin: `feed:${url}`, n: added.length }]);
    const { rows: ids } = await pool.query<{ n: number; distinct: number }>(`SELECT count(*)::int AS n, count(DISTINCT canonical_url)::int AS distinct FROM articles WHERE starts_with(origin, 'feed:')`);
    expect(ids[0]!.n).toBe(ids[0]!.distinct);
    expect(existsSync(path.join(dir, 'feeds'))).toBe(false);
  });

  it('npm run ingest with DATABASE_URL writes the items to the table, once, and no file', async () => {
    const feed = path.join(FEED_FIXTURES, 'science.atom');
    const env = { CORPUS_DIR: dir, DATABASE_PATH: path.join(dir, '.state', 'brief.db'), DATABASE_URL: db.url, LOG_LEVEL: 'silent', FULL_TEXT: 'off' };
    const run = async () => {
      let out = '';
      const code = await ingestCli([feed], env, { stdout: (t) => void (out += t), stderr: () => undefined });
      return { code, out };
    };
    expect(await run()).toEqual({ code: 0, out: expect.stringContaining('science.atom: 2 new of 2 items') });
    expect((await run()).out).toContain('0 new of 2 items');
    const { rows: stored } = await pool.query<{ origin: string; n: number }>(`SELECT origin, count(*)::int AS n FROM articles GROUP BY origin`);
    expect(stored).toEqual([{ origin: `feed:file://${feed}`, n: 2 }]);
    expect(existsSync(path.join(dir, 'feeds'))).toBe(false);
  });
});

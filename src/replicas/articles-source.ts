import { hostname } from 'node:os';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Article } from '../articles/article.js';
import type { BriefService } from '../brief/brief-service.js';
import { loadCorpusIndex, loadIndex, loadTaggedSnapshot } from '../corpus/load-index.js';
import { readPublishers } from '../corpus/read-publishers.js';
import { storeArrivals, type Corpus } from '../corpus/read-corpus.js';
import { corpusNotices } from '../digest/home-notices.js';
import { buildIndex, type BriefIndex } from '../search/build-index.js';
import type { SearchEngineName } from '../config/settings.js';
import type { IndexSource } from '../search-thread/worker-protocol.js';
import { pgArticleLog, type ArticleLog } from '../store/pg-articles.js';
import { openMigratedPool } from '../store/pg-migrate.js';
import type { Stores } from '../store/store.js';
import { followArticles } from './follow-articles.js';
import { corpusImport } from './import-corpus.js';
import type { LeaderDuties } from './leader-duties.js';

/** Where a replica's articles come from: the corpus folder (SQLite, one process) or the articles table (PostgreSQL). */
export interface ArticleSource {
  /** The index to answer from, and what a search thread loads the same index from. */
  loaded: { index: BriefIndex; corpus: { dir: string }; source: IndexSource };
  /** The articles the index holds at start-up (their arrivals are recorded). */
  articles: readonly Article[];
  /** The corpus folder as read (SQLite only: the corpus watcher starts from it). */
  corpus?: Corpus;
  /** The articles table (PostgreSQL only): feed items are written to it. */
  table?: ArticleLog;
  /** The publisher registry, for feed items. */
  publishers: Awaited<ReturnType<typeof readPublishers>>;
  /**
   * PostgreSQL: follows the table into `briefs` (settles once caught up with what was committed since
   * the index was loaded), and returns `duties` with the corpus import added to the leader's.
   * SQLite: `duties` as they are (the runtime watches the folder itself).
   */
  follow(briefs: BriefService, duties: LeaderDuties): Promise<LeaderDuties>;
  /** Stops following and importing, and closes the table's connections. */
  close(): Promise<void>;
}

export interface ArticleSourceConfig {
  corpusDir: string;
  sourcesFile: string;
  databaseUrl?: string;
  /** `postgres`: briefs search the database (src/pg-search/), so the replica holds no index of its own. */
  searchEngine?: SearchEngineName;
}

export interface ArticleSourceDeps {
  /** Arrivals decide which of two files with one URL is kept; corpus problems become App Home notices. */
  stores: Pick<Stores, 'arrivals' | 'notices'>;
  log: Logger;
  /** The index snapshot file (`snapshotPathBeside` the database). */
  snapshotPath: string | false;
  now: () => Date;
  onIdleError?: (err: Error) => void;
  /** Corpus watcher debounce and follower catch-up interval (tests shorten them). */
  debounceMs?: number;
  catchUpMs?: number;
}

/**
 * Opens a replica's articles. Without `databaseUrl`, the corpus folder and its snapshot as a single
 * process always read them (throws `CorpusError` for a folder that cannot be used). With it, the
 * articles table: the index comes from the snapshot when it was saved from this table (then the
 * changes since its change number are caught up by `follow`), else from the table (and is saved).
 *
 * @example const source = await openArticleSource({ corpusDir, sourcesFile: `${dir}/no-sources.yml` }, { stores, log, snapshotPath: false, now: () => clock.now() }); // SQLite: the folder
 * [source.articles.length, source.loaded.index.articles.size, source.table] // => [6, 6, undefined]
 * await source.close();
 */
export async function openArticleSource(config: ArticleSourceConfig, deps: ArticleSourceDeps): Promise<ArticleSource> {
  // The publisher registry names and labels articles whose files do not (src/articles/publishers.ts).
  const publishers = await readPublishers(config.sourcesFile);
  for (const p of publishers.problems) deps.log.warn({ file: p.file, reason: p.reason }, 'publisher registry entry skipped');
  if (config.databaseUrl === undefined) {
    const loaded = await loadCorpusIndex(config.corpusDir, { snapshotPath: deps.snapshotPath, log: deps.log, arrivals: storeArrivals(deps.stores.arrivals), publishers });
    const { corpus } = loaded;
    for (const p of [...corpus.problems, ...corpus.duplicates]) deps.log.warn({ file: p.file, reason: p.reason }, 'article skipped');
    return {
      loaded: { index: loaded.index, corpus, source: { kind: 'corpus', dir: corpus.dir } },
      articles: corpus.articles,
      corpus,
      publishers,
      follow: async (_briefs, duties) => duties,
      close: async () => undefined,
    };
  }
  const url = config.databaseUrl;
  const pool = await openMigratedPool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 }, deps.onIdleError);
  try {
    const table = pgArticleLog(pool);
    // With SEARCH_ENGINE=postgres the search tables are the index: this replica keeps none in memory and
    // reads no article up front; it follows the table from its head (the search service catches its
    // tables up at each change, and arrivals are recorded as changes come in).
    const start = config.searchEngine === 'postgres' ? { index: buildIndex([]), articles: [], seq: (await table.head()).seq } : await indexFromTable(table, deps.snapshotPath, deps.log);
    return databaseSource(config, deps, { pool, url, table, publishers, ...start });
  } catch (err) {
    await pool.end();
    throw err;
  }
}

/** The index from the snapshot when it was saved from this table at a change number not past the table's; else from the table. */
async function indexFromTable(table: ArticleLog, snapshotPath: string | false, log: Logger): Promise<{ index: BriefIndex; articles: Article[]; seq: number }> {
  const head = await table.head();
  const saved = snapshotPath === false ? undefined : await loadTaggedSnapshot(snapshotPath, log);
  const [kind, token, seqText] = saved?.tag.split(' ') ?? [];
  const seq = Number(seqText);
  if (saved !== undefined && kind === 'articles' && token === head.token && Number.isSafeInteger(seq) && seq <= head.seq) {
    log.info({ file: snapshotPath, articles: saved.articles.length, seq, tableSeq: head.seq }, 'index loaded from snapshot; changes since are caught up from the articles table');
    return { index: saved.index, articles: saved.articles, seq };
  }
  const all = await table.load();
  const loaded = await loadIndex(all.articles, { snapshotPath, log, tag: `articles ${head.token} ${all.seq}` });
  log.info({ articles: all.articles.length, seq: all.seq, from: loaded.from }, 'index loaded from the articles table');
  return { index: loaded.index, articles: all.articles, seq: all.seq };
}

function databaseSource(
  config: ArticleSourceConfig,
  deps: ArticleSourceDeps,
  opened: { pool: pg.Pool; url: string; table: ArticleLog; publishers: ArticleSource['publishers']; index: BriefIndex; articles: Article[]; seq: number },
): ArticleSource {
  const { table, publishers } = opened;
  const log = deps.log.child({ part: 'articles' });
  const importer = corpusImport({
    dir: config.corpusDir,
    table,
    now: deps.now,
    log: deps.log.child({ part: 'corpus' }),
    arrivals: storeArrivals(deps.stores.arrivals),
    publishers: publishers.registry,
    notices: corpusNotices(deps.stores.notices, deps.now),
    ...(deps.debounceMs === undefined ? {} : { debounceMs: deps.debounceMs }),
  });
  let stopFollowing = async () => undefined as void;
  return {
    loaded: { index: opened.index, corpus: { dir: config.corpusDir }, source: { kind: 'articles', articles: opened.articles } },
    articles: opened.articles,
    table,
    publishers,
    async follow(briefs, duties) {
      const follower = followArticles(table, {
        url: opened.url,
        replica: `${hostname()}-${process.pid}`,
        from: opened.seq,
        apply: (change) => briefs.apply(change),
        log,
        ...(deps.catchUpMs === undefined ? {} : { catchUpMs: deps.catchUpMs }),
      });
      stopFollowing = () => follower.stop();
      await follower.ready;
      log.info({ seq: follower.seq() }, 'following the articles table');
      return {
        async lead() {
          await importer.start();
          // The digest scheduler's catch-up reads this replica's index: it takes in what the import wrote first,
          // or a digest due now would find nothing new and be recorded as empty for the day.
          await follower.caughtUp();
          await duties.lead();
        },
        async follow() {
          await duties.follow();
          await importer.stop();
        },
      };
    },
    async close() {
      await Promise.all([stopFollowing(), importer.stop()]);
      await opened.pool.end();
    },
  };
}

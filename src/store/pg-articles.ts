import type pg from 'pg';
import type { Article } from '../articles/article.js';
import { canonicalUrl } from '../articles/canonical-url.js';
import type { CorpusChange } from '../articles/corpus-change.js';
import { ADVISORY_LOCKS } from './advisory-locks.js';
import { inTransaction } from './pg-transaction.js';

/** The channel a committed article change is announced on (its payload: the change number). */
export const ARTICLES_CHANNEL = 'brief_articles';

/** An article as the leader stores it: where it came from (`file:<path>` or `feed:<url>`) and when it arrived. */
export interface ArticleRecord {
  article: Article;
  origin: string;
  arrivedAt: Date;
}

/** Changes past a change number, as one corpus change, and the number to read past next time. */
export interface ArticleChanges {
  change: CorpusChange;
  seq: number;
}

/** The articles table of a PostgreSQL database: written by the leader, read by every replica. */
export interface ArticleLog {
  /** Adds or replaces articles; unchanged ones are left alone. Returns how many changed. */
  put(records: readonly ArticleRecord[]): Promise<number>;
  /**
   * Marks articles deleted (a tombstone, so followers learn of it). Returns how many were present.
   * With `originPrefix`, only those whose origin starts with it (a file's deletion never takes a feed item).
   */
  remove(ids: readonly string[], options?: { originPrefix?: string }): Promise<number>;
  /** The ids of the present articles whose origin starts with `prefix` (`file:`: those imported from the corpus folder). */
  idsFrom(prefix: string): Promise<string[]>;
  /** Which table this is (a token made once, by the migration) and its latest change number: what a snapshot is checked against. */
  head(): Promise<{ token: string; seq: number }>;
  /** Every present article, and the change number they are current as of (one consistent read). */
  load(): Promise<{ articles: Article[]; seq: number }>;
  /** Every change committed after `seq`. */
  changesSince(seq: number): Promise<ArticleChanges>;
}

/** JSON of the records for one statement; PostgreSQL text cannot hold U+0000, so it is dropped from every string. */
const storable = (rows: unknown[]): string => JSON.stringify(rows, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v));

/**
 * The {@link ArticleLog} over a migrated pool. Each write runs in one transaction that first takes
 * the article-writes advisory lock, so change numbers are committed in the order they were given
 * out and a follower reading `seq > n` never skips a change committed late; the transaction also
 * notifies {@link ARTICLES_CHANNEL}.
 *
 * @example const log = pgArticleLog(pool);
 * const { seq } = await log.head();
 * await log.put([{ article: { ...article, id: 'put-example' }, origin: 'file:world/a.md', arrivedAt: now }]) // => 1
 * (await log.changesSince(seq)).change.upserted.map((a) => a.id) // => ['put-example']
 * await log.put([{ article: { ...article, id: 'put-example' }, origin: 'file:world/a.md', arrivedAt: now }]) // => 0
 */
export function pgArticleLog(pool: pg.Pool): ArticleLog {
  const write = (sql: string, params: unknown[]): Promise<number> =>
    inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...ADVISORY_LOCKS.articleWrites]);
      const changed = (await client.query(sql, params)).rowCount ?? 0;
      if (changed > 0) await client.query(`SELECT pg_notify($1, (SELECT max(seq)::text FROM articles))`, [ARTICLES_CHANNEL]);
      return changed;
    });
  const toChange = (rows: Record<string, unknown>[]): CorpusChange => ({
    upserted: rows.filter((r) => r.deleted !== true).map((r) => r.article as Article),
    removed: rows.filter((r) => r.deleted === true).map((r) => r.id as string),
  });

  return {
    async put(records) {
      if (records.length === 0) return 0;
      const latest = new Map(records.map((r) => [r.article.id, r])); // one row per id: the last record wins
      const rows = [...latest.values()].map((r) => [r.article.id, r.article.url === undefined ? null : (canonicalUrl(r.article.url) ?? null), r.origin, r.arrivedAt.toISOString(), r.article]);
      return write(
        `INSERT INTO articles (id, canonical_url, origin, arrived_at, article)
         SELECT r->>0, r->>1, r->>2, (r->>3)::timestamptz, r->4 FROM jsonb_array_elements($1::jsonb) AS r
         ON CONFLICT (id) DO UPDATE SET canonical_url = excluded.canonical_url, origin = excluded.origin, article = excluded.article,
           deleted = false, seq = nextval('article_seq')
         WHERE articles.deleted OR articles.article IS DISTINCT FROM excluded.article OR articles.origin IS DISTINCT FROM excluded.origin`,
        [storable(rows)],
      );
    },
    async remove(ids, options = {}) {
      if (ids.length === 0) return 0;
      return write(`UPDATE articles SET deleted = true, seq = nextval('article_seq') WHERE id = ANY($1::text[]) AND NOT deleted AND ($2::text IS NULL OR starts_with(origin, $2))`, [
        ids,
        options.originPrefix ?? null,
      ]);
    },
    async idsFrom(prefix) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM articles WHERE NOT deleted AND starts_with(origin, $1) ORDER BY id', [prefix]);
      return rows.map((r) => r.id);
    },
    async head() {
      const { rows } = await pool.query<{ token: string; seq: string | null }>('SELECT token, (SELECT max(seq)::text FROM articles) AS seq FROM article_log');
      return { token: rows[0]?.token ?? '', seq: Number(rows[0]?.seq ?? 0) };
    },
    async load() {
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const { rows } = await client.query('SELECT article FROM articles WHERE NOT deleted ORDER BY id');
        const last = await client.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM articles');
        await client.query('COMMIT');
        return { articles: rows.map((r: { article: Article }) => r.article), seq: Number(last.rows[0]?.seq ?? 0) };
      } finally {
        client.release();
      }
    },
    async changesSince(seq) {
      const { rows } = await pool.query('SELECT id, article, deleted, seq::text AS seq FROM articles WHERE seq > $1 ORDER BY articles.seq', [seq]);
      const last = rows.length === 0 ? seq : Number((rows.at(-1) as { seq: string }).seq);
      return { change: toChange(rows), seq: last };
    },
  };
}

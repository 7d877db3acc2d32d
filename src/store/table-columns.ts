/**
 * Column lists that more than one migration writes: a table as first created and again when a later
 * SQLite migration rebuilds it (SQLite cannot change a primary key in place), and one table in both
 * SQLite's and PostgreSQL's schema. What differs between the databases is a parameter
 * ({@link ColumnTypes}); type names are written in capitals, which neither database distinguishes
 * from lower case. These lists are part of released migrations: never change one, add a migration.
 */
export interface ColumnTypes {
  /** An instant: ISO text in SQLite, `timestamptz` in PostgreSQL. */
  instant: string;
  /** A JSON document: text in SQLite, `jsonb` in PostgreSQL. */
  json: string;
}

export const SQLITE_TYPES: ColumnTypes = { instant: 'TEXT', json: 'TEXT' };
export const POSTGRES_TYPES: ColumnTypes = { instant: 'timestamptz', json: 'jsonb' };

/**
 * `digest_runs` after its key.
 *
 * @example digestRunColumns(SQLITE_TYPES).includes('cutoff TEXT NOT NULL') // => true
 */
export const digestRunColumns = (t: ColumnTypes): string => `
    target TEXT NOT NULL,
    channel TEXT NOT NULL,
    slot TEXT NOT NULL,
    scheduled_at ${t.instant} NOT NULL,
    since ${t.instant} NOT NULL,
    cutoff ${t.instant} NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'posting', 'posted', 'empty', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    ts TEXT,
    error TEXT,
    started_at ${t.instant} NOT NULL,
    finished_at ${t.instant}`;

/**
 * `digest_parts` after its run's key.
 *
 * @example digestPartColumns(POSTGRES_TYPES).includes('message jsonb') // => true
 */
export const digestPartColumns = (t: ColumnTypes): string => `
    part INTEGER NOT NULL CHECK (part >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('headline', 'thread', 'compact')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'posted')),
    message ${t.json} CHECK (message IS NOT NULL OR status = 'posted'),
    ts TEXT CHECK ((ts IS NOT NULL) = (status = 'posted')),
    thread_ts TEXT,
    posted_at ${t.instant}`;

/**
 * `alert_posts` after its key (the message is JSON text in both databases).
 *
 * @example alertPostColumns(SQLITE_TYPES).includes('started_at TEXT NOT NULL') // => true
 */
export const alertPostColumns = (t: ColumnTypes): string => `
    topic TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'reply', 'spike')),
    parent_key TEXT,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('posting', 'posted', 'failed')),
    ts TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    started_at ${t.instant} NOT NULL,
    finished_at ${t.instant}`;

/**
 * `feedback` (its key is `item` and `user_id`, with `team_id` first from SQLite's migration 7).
 *
 * @example feedbackColumns(POSTGRES_TYPES).includes('at timestamptz NOT NULL') // => true
 */
export const feedbackColumns = (t: ColumnTypes): string => `
    item TEXT NOT NULL,
    user_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    at ${t.instant} NOT NULL`;

/**
 * `alert_items` but for its post's key (a reference to `alert_posts`, whose key changes with migration 7).
 *
 * @example alertItemColumns().includes('story_key TEXT NOT NULL') // => true
 */
export const alertItemColumns = (): string => `
    topic TEXT NOT NULL,
    article_id TEXT NOT NULL,
    story_key TEXT NOT NULL,`;

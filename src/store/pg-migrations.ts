/**
 * PostgreSQL's schema, as an ordered list of migrations: migration n brings the database from
 * version n-1 to n (recorded in `brief_schema`). The same tables as SQLite's, with PostgreSQL types
 * (`timestamptz` instants, identity ids). Never edit a released migration: add one.
 */
export const PG_MIGRATIONS: readonly string[] = [
  // 1: digest runs and their parts, subscriptions, feeds, arrivals, notices; workspace state keyed by team_id
  `
  CREATE TABLE digest_runs (
    team_id text NOT NULL,
    key text NOT NULL,
    target text NOT NULL,
    channel text NOT NULL,
    slot text NOT NULL,
    scheduled_at timestamptz NOT NULL,
    since timestamptz NOT NULL,
    cutoff timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('claimed', 'posting', 'posted', 'empty', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    ts text,
    error text,
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    PRIMARY KEY (team_id, key)
  );
  CREATE INDEX digest_runs_target ON digest_runs (team_id, target, cutoff);
  CREATE TABLE digest_parts (
    team_id text NOT NULL,
    run_key text NOT NULL,
    part integer NOT NULL CHECK (part >= 0),
    kind text NOT NULL CHECK (kind IN ('headline', 'thread', 'compact')),
    status text NOT NULL CHECK (status IN ('pending', 'sending', 'posted')),
    message jsonb CHECK (message IS NOT NULL OR status = 'posted'),
    ts text CHECK ((ts IS NOT NULL) = (status = 'posted')),
    thread_ts text,
    posted_at timestamptz,
    PRIMARY KEY (team_id, run_key, part),
    FOREIGN KEY (team_id, run_key) REFERENCES digest_runs (team_id, key)
  );
  CREATE TABLE subscriptions (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id text NOT NULL,
    channel text NOT NULL,
    query text NOT NULL,
    time text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX subscriptions_team ON subscriptions (team_id, channel);
  CREATE TABLE feed_state (
    url text PRIMARY KEY,
    etag text,
    last_modified text,
    failures integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error text,
    last_polled_at timestamptz,
    last_ok_at timestamptz
  );
  CREATE TABLE feed_items (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed_url text NOT NULL,
    guid_key text UNIQUE,
    link_key text UNIQUE,
    article_id text NOT NULL,
    file text NOT NULL,
    seen_at timestamptz NOT NULL
  );
  CREATE TABLE arrivals (
    article_id text COLLATE "C" PRIMARY KEY,
    arrived_at timestamptz NOT NULL
  );
  CREATE INDEX arrivals_at ON arrivals (arrived_at);
  CREATE TABLE notices (
    team_id text NOT NULL,
    key text NOT NULL,
    kind text NOT NULL,
    message text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (team_id, key)
  );
  `,
  // 2: the articles themselves, with a change sequence followers read past (tombstones for deletions)
  `
  CREATE SEQUENCE article_seq;
  CREATE TABLE articles (
    id text COLLATE "C" PRIMARY KEY,
    canonical_url text,
    origin text NOT NULL,
    arrived_at timestamptz NOT NULL,
    article jsonb NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    seq bigint NOT NULL DEFAULT nextval('article_seq')
  );
  CREATE INDEX articles_seq ON articles (seq);
  CREATE INDEX articles_canonical_url ON articles (canonical_url);
  `,
  // 3: what the Slack side remembers (event ids, thread memory, response_url budgets), shared by the
  //    replicas; times are epoch milliseconds, as in SQLite
  `
  CREATE TABLE slack_events (
    team_id text NOT NULL,
    event_id text NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (team_id, event_id)
  );
  CREATE INDEX slack_events_expiry ON slack_events (expires_at);
  CREATE TABLE slack_threads (
    team_id text NOT NULL,
    thread text NOT NULL,
    query text NOT NULL,
    page integer NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (team_id, thread)
  );
  CREATE INDEX slack_threads_expiry ON slack_threads (expires_at);
  CREATE TABLE slack_response_urls (
    team_id text NOT NULL,
    url text NOT NULL,
    used integer NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (team_id, url)
  );
  CREATE INDEX slack_response_urls_expiry ON slack_response_urls (expires_at);
  `,
];

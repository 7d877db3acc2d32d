import { alertItemColumns, alertPostColumns, digestPartColumns, digestRunColumns, feedbackColumns, SQLITE_TYPES } from './table-columns.js';

/**
 * The schema, as an ordered list of migrations. Migration n brings the database from `user_version`
 * n-1 to n; they run in one transaction at start-up. Never edit a released migration: add one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: digests, subscriptions, feeds, arrivals, notices
  `
  CREATE TABLE digest_runs (
    key TEXT PRIMARY KEY,${digestRunColumns(SQLITE_TYPES)}
  );
  CREATE INDEX digest_runs_target ON digest_runs (target, cutoff);
  CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    run_key TEXT NOT NULL REFERENCES digest_runs (key),
    channel TEXT NOT NULL,
    ts TEXT NOT NULL,
    thread_ts TEXT,
    kind TEXT NOT NULL,
    posted_at TEXT NOT NULL
  );
  CREATE INDEX posts_run ON posts (run_key);
  CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    query TEXT NOT NULL,
    time TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE feed_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    last_polled_at TEXT,
    last_ok_at TEXT
  );
  CREATE TABLE feed_items (
    id INTEGER PRIMARY KEY,
    feed_url TEXT NOT NULL,
    guid_key TEXT UNIQUE,
    link_key TEXT UNIQUE,
    article_id TEXT NOT NULL,
    file TEXT NOT NULL,
    seen_at TEXT NOT NULL
  );
  CREATE TABLE arrivals (
    article_id TEXT PRIMARY KEY,
    arrived_at TEXT NOT NULL
  );
  CREATE INDEX arrivals_at ON arrivals (arrived_at);
  CREATE TABLE notices (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
  );
  `,
  // 2: every message of a digest is a recorded part (the thread reply as well as the headline);
  //    `posts` becomes `digest_parts`, and a run is posted only when all its parts are.
  `
  CREATE TABLE digest_parts (
    run_key TEXT NOT NULL REFERENCES digest_runs (key),${digestPartColumns(SQLITE_TYPES)},
    PRIMARY KEY (run_key, part)
  );
  INSERT INTO digest_parts (run_key, part, kind, status, ts, thread_ts, posted_at)
    SELECT run_key, CASE kind WHEN 'thread' THEN 1 ELSE 0 END, kind, 'posted', ts, thread_ts, posted_at
    FROM posts WHERE id IN (SELECT MIN(id) FROM posts GROUP BY run_key, kind = 'thread');
  DROP TABLE posts;
  `,
  // 3: what the Slack side remembers across restarts (src/store/sqlite-conversation-store.ts),
  // keyed by workspace; times are epoch milliseconds
  `
  CREATE TABLE slack_events (
    team_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, event_id)
  );
  CREATE INDEX slack_events_expiry ON slack_events (expires_at);
  CREATE TABLE slack_threads (
    team_id TEXT NOT NULL,
    thread TEXT NOT NULL,
    query TEXT NOT NULL,
    page INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, thread)
  );
  CREATE INDEX slack_threads_expiry ON slack_threads (expires_at);
  CREATE TABLE slack_response_urls (
    team_id TEXT NOT NULL,
    url TEXT NOT NULL,
    used INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, url)
  );
  CREATE INDEX slack_response_urls_expiry ON slack_response_urls (expires_at);
  `,
  // 4: the feed list, managed from Slack (FEEDS seeds it)
  `
  CREATE TABLE feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    name TEXT,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
  );
  CREATE INDEX feed_items_feed ON feed_items (feed_url);
  `,
  // 5: alerts, the arrivals each watched topic matched, alert posts (an outbox), feedback, briefs asked
  `
  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    query TEXT NOT NULL,
    every_minutes INTEGER NOT NULL,
    quiet_start TEXT,
    quiet_end TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE topic_cursors (
    topic TEXT PRIMARY KEY,
    since TEXT NOT NULL,
    checked_up_to TEXT NOT NULL
  );
  CREATE TABLE topic_matches (
    topic TEXT NOT NULL,
    article_id TEXT NOT NULL,
    arrived_at TEXT NOT NULL,
    PRIMARY KEY (topic, article_id)
  );
  CREATE INDEX topic_matches_at ON topic_matches (topic, arrived_at);
  CREATE TABLE alert_posts (
    key TEXT PRIMARY KEY,${alertPostColumns(SQLITE_TYPES)}
  );
  CREATE INDEX alert_posts_topic ON alert_posts (topic, started_at);
  CREATE TABLE alert_items (${alertItemColumns()}
    post_key TEXT NOT NULL REFERENCES alert_posts (key),
    PRIMARY KEY (topic, article_id)
  );
  CREATE TABLE feedback (${feedbackColumns(SQLITE_TYPES)},
    PRIMARY KEY (item, user_id)
  );
  CREATE INDEX feedback_channel ON feedback (channel, article_id);
  CREATE TABLE briefs_asked (
    id INTEGER PRIMARY KEY,
    query TEXT NOT NULL,
    at TEXT NOT NULL
  );
  `,
  // 6: workspace-scoped state keyed by team_id (the Slack side's tables of 3 have it already); rows of before belong to DEFAULT_TEAM_ID ('default')
  `
  CREATE TABLE digest_runs_v6 (
    team_id TEXT NOT NULL,
    key TEXT NOT NULL,${digestRunColumns(SQLITE_TYPES)},
    PRIMARY KEY (team_id, key)
  );
  INSERT INTO digest_runs_v6 SELECT 'default', key, target, channel, slot, scheduled_at, since, cutoff, status, attempts, ts, error, started_at, finished_at FROM digest_runs;
  CREATE TABLE digest_parts_v6 (
    team_id TEXT NOT NULL,
    run_key TEXT NOT NULL,${digestPartColumns(SQLITE_TYPES)},
    PRIMARY KEY (team_id, run_key, part),
    FOREIGN KEY (team_id, run_key) REFERENCES digest_runs_v6 (team_id, key)
  );
  INSERT INTO digest_parts_v6 SELECT 'default', run_key, part, kind, status, message, ts, thread_ts, posted_at FROM digest_parts;
  CREATE TABLE notices_v6 (
    team_id TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (team_id, key)
  );
  INSERT INTO notices_v6 SELECT 'default', key, kind, message, at FROM notices;
  DROP TABLE digest_parts;
  DROP TABLE digest_runs;
  DROP TABLE notices;
  ALTER TABLE digest_runs_v6 RENAME TO digest_runs;
  ALTER TABLE digest_parts_v6 RENAME TO digest_parts;
  ALTER TABLE notices_v6 RENAME TO notices;
  CREATE INDEX digest_runs_target ON digest_runs (team_id, target, cutoff);
  ALTER TABLE subscriptions ADD COLUMN team_id TEXT NOT NULL DEFAULT 'default';
  CREATE INDEX subscriptions_team ON subscriptions (team_id, channel);
  `,
  // 7: alerts, watched topics, alert posts, feedback and briefs asked keyed by team_id as well, as in 6; rows of before belong to DEFAULT_TEAM_ID
  `
  ALTER TABLE alerts ADD COLUMN team_id TEXT NOT NULL DEFAULT 'default';
  CREATE INDEX alerts_team ON alerts (team_id, channel);
  ALTER TABLE briefs_asked ADD COLUMN team_id TEXT NOT NULL DEFAULT 'default';
  CREATE INDEX briefs_asked_team ON briefs_asked (team_id);
  CREATE TABLE topic_cursors_v7 (
    team_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    since TEXT NOT NULL,
    checked_up_to TEXT NOT NULL,
    PRIMARY KEY (team_id, topic)
  );
  INSERT INTO topic_cursors_v7 SELECT 'default', topic, since, checked_up_to FROM topic_cursors ORDER BY rowid;
  CREATE TABLE topic_matches_v7 (
    team_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    article_id TEXT NOT NULL,
    arrived_at TEXT NOT NULL,
    PRIMARY KEY (team_id, topic, article_id)
  );
  INSERT INTO topic_matches_v7 SELECT 'default', topic, article_id, arrived_at FROM topic_matches ORDER BY rowid;
  CREATE TABLE alert_posts_v7 (
    team_id TEXT NOT NULL,
    key TEXT NOT NULL,${alertPostColumns(SQLITE_TYPES)},
    PRIMARY KEY (team_id, key)
  );
  INSERT INTO alert_posts_v7 SELECT 'default', key, topic, channel, kind, parent_key, message, status, ts, attempts, error, started_at, finished_at FROM alert_posts ORDER BY rowid;
  CREATE TABLE alert_items_v7 (
    team_id TEXT NOT NULL,${alertItemColumns()}
    post_key TEXT NOT NULL,
    PRIMARY KEY (team_id, topic, article_id),
    FOREIGN KEY (team_id, post_key) REFERENCES alert_posts_v7 (team_id, key)
  );
  INSERT INTO alert_items_v7 SELECT 'default', topic, article_id, story_key, post_key FROM alert_items ORDER BY rowid;
  CREATE TABLE feedback_v7 (
    team_id TEXT NOT NULL,${feedbackColumns(SQLITE_TYPES)},
    PRIMARY KEY (team_id, item, user_id)
  );
  INSERT INTO feedback_v7 SELECT 'default', item, user_id, channel, article_id, source, origin, helpful, at FROM feedback ORDER BY rowid;
  DROP TABLE alert_items;
  DROP TABLE alert_posts;
  DROP TABLE topic_matches;
  DROP TABLE topic_cursors;
  DROP TABLE feedback;
  ALTER TABLE topic_cursors_v7 RENAME TO topic_cursors;
  ALTER TABLE topic_matches_v7 RENAME TO topic_matches;
  ALTER TABLE alert_posts_v7 RENAME TO alert_posts;
  ALTER TABLE alert_items_v7 RENAME TO alert_items;
  ALTER TABLE feedback_v7 RENAME TO feedback;
  CREATE INDEX topic_matches_at ON topic_matches (team_id, topic, arrived_at);
  CREATE INDEX alert_posts_topic ON alert_posts (team_id, topic, started_at);
  CREATE INDEX feedback_channel ON feedback (team_id, channel, article_id);
  `,
];

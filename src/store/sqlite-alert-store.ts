import type Database from 'better-sqlite3';
import { toAlert, toCursor, toMatch, toPost, toStories, toUsageStats } from './alert-rows.js';
import type { AlertStore, TopicMatch } from './alert-store.js';
import { instantOf, type Row } from './rows.js';
import type { StoreScope } from './store.js';

const iso = (d: Date): string => d.toISOString();

/**
 * The {@link AlertStore} over an open, migrated better-sqlite3 database, for one workspace.
 *
 * @example const alerts = sqliteAlertStore(db, { teamId: 'T0123' });
 * const alert = await alerts.addAlert({ channel: 'C1', query: 'pipeline', everyMinutes: 10, createdBy: 'U1', createdAt: now });
 * (await alerts.listAlerts('C1')).map((a) => a.id) // => [alert.id]
 * (await sqliteAlertStore(db, { teamId: 'T0999' }).listAlerts()).length // => 0
 */
export function sqliteAlertStore(db: Database.Database, scope: StoreScope): AlertStore {
  const team = scope.teamId;
  const q = {
    insertAlert: db.prepare('INSERT INTO alerts (team_id, channel, query, every_minutes, quiet_start, quiet_end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    deleteAlert: db.prepare('DELETE FROM alerts WHERE team_id = ? AND id = ? AND channel = ?'),
    allAlerts: db.prepare('SELECT * FROM alerts WHERE team_id = ? ORDER BY id'),
    channelAlerts: db.prepare('SELECT * FROM alerts WHERE team_id = ? AND channel = ? ORDER BY id'),
    insertCursor: db.prepare('INSERT OR IGNORE INTO topic_cursors (team_id, topic, since, checked_up_to) VALUES (?, ?, ?, ?)'),
    getCursor: db.prepare('SELECT * FROM topic_cursors WHERE team_id = ? AND topic = ?'),
    moveCursor: db.prepare('UPDATE topic_cursors SET checked_up_to = ? WHERE team_id = ? AND topic = ?'),
    insertMatch: db.prepare('INSERT OR IGNORE INTO topic_matches (team_id, topic, article_id, arrived_at) VALUES (?, ?, ?, ?)'),
    matchesBetween: db.prepare('SELECT * FROM topic_matches WHERE team_id = ? AND topic = ? AND arrived_at > ? AND arrived_at <= ? ORDER BY arrived_at, article_id'),
    pending: db.prepare(
      `SELECT m.* FROM topic_matches m LEFT JOIN alert_items i ON i.team_id = m.team_id AND i.topic = m.topic AND i.article_id = m.article_id
       WHERE m.team_id = ? AND m.topic = ? AND i.article_id IS NULL ORDER BY m.arrived_at, m.article_id`,
    ),
    alerted: db.prepare(
      `SELECT i.story_key, i.article_id, p.key AS post_key, p.kind FROM alert_items i JOIN alert_posts p ON p.team_id = i.team_id AND p.key = i.post_key
       WHERE i.team_id = ? AND i.topic = ? AND p.started_at >= ? ORDER BY p.started_at, i.rowid`,
    ),
    insertPost: db.prepare(
      `INSERT INTO alert_posts (team_id, key, topic, channel, kind, parent_key, message, status, attempts, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'posting', 0, ?)`,
    ),
    insertItem: db.prepare('INSERT INTO alert_items (team_id, topic, article_id, story_key, post_key) VALUES (?, ?, ?, ?, ?)'),
    unfinished: db.prepare(`SELECT * FROM alert_posts WHERE team_id = ? AND status = 'posting' ORDER BY started_at, rowid`),
    getPost: db.prepare('SELECT * FROM alert_posts WHERE team_id = ? AND key = ?'),
    finishPost: db.prepare('UPDATE alert_posts SET status = ?, ts = COALESCE(?, ts), error = ?, finished_at = ? WHERE team_id = ? AND key = ?'),
    countAttempt: db.prepare('UPDATE alert_posts SET attempts = attempts + 1 WHERE team_id = ? AND key = ?'),
    lastPost: db.prepare('SELECT MAX(started_at) AS at FROM alert_posts WHERE team_id = ? AND topic = ? AND kind = ?'),
    upsertFeedback: db.prepare(
      `INSERT INTO feedback (team_id, item, user_id, channel, article_id, source, origin, helpful, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (team_id, item, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at, source = excluded.source`,
    ),
    demoted: db.prepare('SELECT article_id FROM feedback WHERE team_id = ? AND channel = ? GROUP BY article_id HAVING SUM(helpful = 0) > SUM(helpful = 1) ORDER BY article_id'),
    insertBrief: db.prepare('INSERT INTO briefs_asked (team_id, query, at) VALUES (?, ?, ?)'),
    briefCount: db.prepare('SELECT COUNT(*) AS n FROM briefs_asked WHERE team_id = ?'),
    topQueries: db.prepare('SELECT lower(query) AS query, COUNT(*) AS n FROM briefs_asked WHERE team_id = ? GROUP BY lower(query) ORDER BY n DESC, query LIMIT ?'),
    bySource: db.prepare('SELECT source AS key, SUM(helpful = 1) AS helpful, SUM(helpful = 0) AS unhelpful FROM feedback WHERE team_id = ? GROUP BY source ORDER BY COUNT(*) DESC, source LIMIT ?'),
    byOrigin: db.prepare(`SELECT origin AS key, SUM(helpful = 1) AS helpful, SUM(helpful = 0) AS unhelpful FROM feedback WHERE team_id = ? GROUP BY origin ORDER BY COUNT(*) DESC, origin LIMIT ?`),
  };
  const addMatches = db.transaction((topic: string, matches: readonly TopicMatch[], upTo: string) => {
    for (const m of matches) q.insertMatch.run(team, topic, m.articleId, iso(m.arrivedAt));
    q.moveCursor.run(upTo, team, topic);
  });
  const claimPost = db.transaction((post: Parameters<AlertStore['claimPost']>[0], items: Parameters<AlertStore['claimPost']>[1]) => {
    q.insertPost.run(team, post.key, post.topic, post.channel, post.kind, post.parentKey ?? null, JSON.stringify(post.message), iso(post.startedAt));
    for (const item of items) q.insertItem.run(team, post.topic, item.articleId, item.storyKey, post.key);
  });
  const takeItems = db.transaction((topic: string, postKey: string, items: Parameters<AlertStore['takeItems']>[2]) => {
    for (const item of items) q.insertItem.run(team, topic, item.articleId, item.storyKey, postKey);
  });

  return {
    async addAlert(a) {
      const info = q.insertAlert.run(team, a.channel, a.query, a.everyMinutes, a.quiet?.start ?? null, a.quiet?.end ?? null, a.createdBy, iso(a.createdAt));
      return { ...a, id: Number(info.lastInsertRowid) };
    },
    async removeAlert(id, channel) {
      return q.deleteAlert.run(team, id, channel).changes === 1;
    },
    async listAlerts(channel) {
      return ((channel === undefined ? q.allAlerts.all(team) : q.channelAlerts.all(team, channel)) as Row[]).map(toAlert);
    },
    async topicCursor(topic, now) {
      q.insertCursor.run(team, topic, iso(now), iso(now));
      return toCursor(q.getCursor.get(team, topic) as Row);
    },
    async addMatches(topic, matches, checkedUpTo) {
      addMatches(topic, matches, iso(checkedUpTo));
    },
    async matchesBetween(topic, after, upTo) {
      return (q.matchesBetween.all(team, topic, iso(after), iso(upTo)) as Row[]).map(toMatch);
    },
    async pendingMatches(topic) {
      return (q.pending.all(team, topic) as Row[]).map(toMatch);
    },
    async alertedStories(topic, since) {
      return toStories(q.alerted.all(team, topic, iso(since)) as Row[]);
    },
    async claimPost(post, items) {
      claimPost(post, items);
    },
    async takeItems(topic, postKey, items) {
      takeItems(topic, postKey, items);
    },
    async unfinishedPosts() {
      return (q.unfinished.all(team) as Row[]).map(toPost);
    },
    async getPost(key) {
      const row = q.getPost.get(team, key) as Row | undefined;
      return row === undefined ? undefined : toPost(row);
    },
    async finishPost(key, patch) {
      q.finishPost.run(patch.status, patch.ts ?? null, patch.error ?? null, iso(patch.at), team, key);
    },
    async countAttempt(key) {
      q.countAttempt.run(team, key);
    },
    async lastPostAt(topic, kind) {
      return instantOf((q.lastPost.get(team, topic, kind) as Row | undefined)?.at);
    },
    async recordFeedback(f) {
      q.upsertFeedback.run(team, `${f.origin}\n${f.articleId}`, f.userId, f.channel, f.articleId, f.source, f.origin, f.helpful ? 1 : 0, iso(f.at));
    },
    async demotedArticles(channel) {
      return (q.demoted.all(team, channel) as Row[]).map((r) => r.article_id as string);
    },
    async recordBriefAsked(query, at) {
      q.insertBrief.run(team, query.slice(0, 500), iso(at));
    },
    async usageStats(limit) {
      return toUsageStats(q.briefCount.get(team) as Row, q.topQueries.all(team, limit) as Row[], q.bySource.all(team, limit) as Row[], q.byOrigin.all(team, limit) as Row[]);
    },
  };
}

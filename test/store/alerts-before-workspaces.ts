import { expect } from 'vitest';
import type { Stores } from '../../src/store/store.js';

/**
 * Alert-side rows as a database held them before the alert tables were keyed by workspace (SQLite
 * migration 7, PostgreSQL 7): the same statements for both databases.
 */
export const ALERT_ROWS_BEFORE_WORKSPACES = `
  INSERT INTO alerts (channel, query, every_minutes, created_by, created_at) VALUES ('C1', 'pipeline', 10, 'U1', '2026-03-01T00:00:00.000Z');
  INSERT INTO topic_cursors (topic, since, checked_up_to) VALUES ('alert:1', '2026-03-01T00:00:00.000Z', '2026-03-29T06:30:00.000Z');
  INSERT INTO topic_matches (topic, article_id, arrived_at) VALUES ('alert:1', 'a', '2026-03-29T06:00:00.000Z'), ('alert:1', 'b', '2026-03-29T06:10:00.000Z');
  INSERT INTO alert_posts (key, topic, channel, kind, message, status, attempts, started_at)
    VALUES ('alert:1@1', 'alert:1', 'C1', 'post', '{"text":"x","blocks":[]}', 'posting', 0, '2026-03-29T06:31:00.000Z');
  INSERT INTO alert_items (topic, article_id, story_key, post_key) VALUES ('alert:1', 'a', 'a', 'alert:1@1');
  INSERT INTO feedback (item, user_id, channel, article_id, source, origin, helpful, at) VALUES ('alert:1/a', 'U1', 'C1', 'a', 'BBC', 'alert:1', 0, '2026-03-29T06:40:00.000Z');
  INSERT INTO briefs_asked (query, at) VALUES ('pipeline', '2026-03-29T06:41:00.000Z');
`;

const t = (s: string) => new Date(s);

/** After the migration those rows are the default workspace's, whole and still working; another workspace sees none of them. */
export async function expectAlertRowsInDefaultWorkspace(mine: Stores, other: Stores): Promise<void> {
  const alerts = mine.alerts;
  expect((await alerts.listAlerts()).map((a) => [a.id, a.query])).toEqual([[1, 'pipeline']]);
  expect((await alerts.topicCursor('alert:1', t('2027-01-01T00:00:00Z'))).checkedUpTo).toEqual(t('2026-03-29T06:30:00Z'));
  expect((await alerts.pendingMatches('alert:1')).map((m) => m.articleId)).toEqual(['b']);
  expect((await alerts.unfinishedPosts()).map((p) => p.key)).toEqual(['alert:1@1']);
  expect(await alerts.alertedStories('alert:1', t('2026-01-01T00:00:00Z'))).toEqual([{ storyKey: 'a', postKey: 'alert:1@1', articleIds: ['a'] }]);
  expect(await alerts.demotedArticles('C1')).toEqual(['a']);
  expect((await alerts.usageStats(5)).briefsAsked).toBe(1);
  await alerts.takeItems('alert:1', 'alert:1@1', [{ articleId: 'b', storyKey: 'a' }]); // the post's key still joins its items
  expect(await alerts.pendingMatches('alert:1')).toEqual([]);
  expect(await other.alerts.listAlerts()).toEqual([]);
  expect(await other.alerts.unfinishedPosts()).toEqual([]);
  expect(await other.alerts.matchesBetween('alert:1', t('2026-01-01T00:00:00Z'), t('2027-01-01T00:00:00Z'))).toEqual([]);
  expect((await other.alerts.usageStats(5)).briefsAsked).toBe(0);
}

import type { UsageStats } from '../alerts/usage-stats.js';
import type { SlackMessage } from '../render/limits.js';
import type { Alert, AlertedStory, AlertPost, TopicCursor, TopicMatch } from './alert-store.js';
import { instantOf, type Row } from './rows.js';

const at = (v: unknown): Date => instantOf(v) ?? new Date(Number.NaN);

/**
 * An `alerts` row (SQLite or PostgreSQL) as an {@link Alert}.
 *
 * @example toAlert({ id: 1, channel: 'C1', query: 'x', every_minutes: 10, created_by: 'U1', created_at: '2026-03-01T00:00:00.000Z' }).everyMinutes // => 10
 */
export function toAlert(row: Row): Alert {
  const alert: Alert = { id: Number(row.id), channel: row.channel as string, query: row.query as string, everyMinutes: Number(row.every_minutes), createdBy: row.created_by as string, createdAt: at(row.created_at) };
  if (typeof row.quiet_start === 'string' && typeof row.quiet_end === 'string') alert.quiet = { start: row.quiet_start, end: row.quiet_end };
  return alert;
}

/**
 * An `alert_posts` row as an {@link AlertPost}; the message is kept as JSON text in both databases.
 *
 * @example const row = { key: 'alert:1@1', topic: 'alert:1', channel: 'C1', kind: 'post', message: '{"text":"pipeline"}', started_at: '2026-03-01T00:00:00.000Z', status: 'posting', attempts: 1, parent_key: null, ts: null, error: null };
 * toPost(row).status // => 'posting'
 * toPost(row).message // => { text: 'pipeline' }
 */
export function toPost(row: Row): AlertPost {
  const post: AlertPost = {
    key: row.key as string,
    topic: row.topic as string,
    channel: row.channel as string,
    kind: row.kind as AlertPost['kind'],
    message: JSON.parse(row.message as string) as SlackMessage,
    startedAt: at(row.started_at),
    status: row.status as AlertPost['status'],
    attempts: Number(row.attempts),
  };
  if (typeof row.parent_key === 'string') post.parentKey = row.parent_key;
  if (typeof row.ts === 'string') post.ts = row.ts;
  if (typeof row.error === 'string') post.error = row.error;
  return post;
}

/**
 * A `topic_matches` row as a {@link TopicMatch}.
 *
 * @example toMatch({ article_id: 'a', arrived_at: '2026-03-01T00:00:00.000Z' }).articleId // => 'a'
 */
export function toMatch(row: Row): TopicMatch {
  return { articleId: row.article_id as string, arrivedAt: at(row.arrived_at) };
}

/**
 * A `topic_cursors` row as a {@link TopicCursor}.
 *
 * @example toCursor({ since: '2026-03-01T00:00:00.000Z', checked_up_to: '2026-03-01T00:00:00.000Z' }).since.getTime() // => 1772323200000
 */
export function toCursor(row: Row): TopicCursor {
  return { since: at(row.since), checkedUpTo: at(row.checked_up_to) };
}

/**
 * Alerted items (`story_key`, `article_id`, `post_key`, `kind`, in order) grouped into stories; a
 * story's post is its channel post when it has one.
 *
 * @example toStories([{ story_key: 's', article_id: 'a', post_key: 'p1', kind: 'post' }, { story_key: 's', article_id: 'b', post_key: 'p2', kind: 'reply' }]) // => [{ storyKey: 's', postKey: 'p1', articleIds: ['a', 'b'] }]
 */
export function toStories(rows: readonly Row[]): AlertedStory[] {
  const stories = new Map<string, AlertedStory>();
  for (const row of rows) {
    const key = row.story_key as string;
    const story = stories.get(key) ?? { storyKey: key, postKey: row.post_key as string, articleIds: [] };
    if (row.kind === 'post') story.postKey = row.post_key as string;
    story.articleIds.push(row.article_id as string);
    stories.set(key, story);
  }
  return [...stories.values()];
}

/**
 * The usage queries' rows (brief count, top queries, feedback by source and by origin) as {@link UsageStats}.
 *
 * @example toUsageStats({ n: 2 }, [{ query: 'x', n: 2 }], [], []).topQueries // => [{ query: 'x', count: 2 }]
 */
export function toUsageStats(count: Row, top: readonly Row[], bySource: readonly Row[], byOrigin: readonly Row[]): UsageStats {
  const counts = (rows: readonly Row[]) => rows.map((r) => ({ key: r.key as string, helpful: Number(r.helpful), unhelpful: Number(r.unhelpful) }));
  return { briefsAsked: Number(count.n), topQueries: top.map((r) => ({ query: r.query as string, count: Number(r.n) })), bySource: counts(bySource), byOrigin: counts(byOrigin) };
}

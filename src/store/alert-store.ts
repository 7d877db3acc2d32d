import type { SlackMessage } from '../render/limits.js';
import type { FeedbackCount, UsageStats } from '../alerts/usage-stats.js';
import type { Stores } from './store.js';

/**
 * The durable state of alerts, surge notices and feedback: the `alerts` port of {@link Stores}, for one
 * workspace. Instants are `Date`s.
 */
export interface AlertStore {
  // ── alerts ─────────────────────────────────────────────────────────────────
  addAlert(alert: NewAlert): Promise<Alert>;
  /** Deletes an alert of this channel; false when there is none with that id there. */
  removeAlert(id: number, channel: string): Promise<boolean>;
  /** All alerts, or one channel's. */
  listAlerts(channel?: string): Promise<Alert[]>;

  // ── watched topics (alerts and subscriptions): what matched, by arrival ────
  /** The topic's cursor, created at `now` the first time it is asked for. */
  topicCursor(topic: string, now: Date): Promise<TopicCursor>;
  /** Records matching arrivals (ids seen before are kept once) and moves the cursor to `checkedUpTo`, in one transaction. */
  addMatches(topic: string, matches: readonly TopicMatch[], checkedUpTo: Date): Promise<void>;
  /** The topic's matches that arrived in `(after, upTo]`, oldest first. */
  matchesBetween(topic: string, after: Date, upTo: Date): Promise<TopicMatch[]>;
  /** Matches not yet in any alert post, oldest first. */
  pendingMatches(topic: string): Promise<TopicMatch[]>;
  /** Stories already posted for the topic since `since`: each story's key and article ids, with the post holding it. */
  alertedStories(topic: string, since: Date): Promise<AlertedStory[]>;

  // ── alert posts: an outbox, each post recorded before it is sent ───────────
  /** Records a post as `posting` and its items as taken by it, in one transaction. */
  claimPost(post: NewAlertPost, items: readonly AlertItem[]): Promise<void>;
  /** Takes items into a post already made (a later report that names no new outlet). */
  takeItems(topic: string, postKey: string, items: readonly AlertItem[]): Promise<void>;
  /** Posts still `posting` (not known to have landed), oldest first. */
  unfinishedPosts(): Promise<AlertPost[]>;
  getPost(key: string): Promise<AlertPost | undefined>;
  finishPost(key: string, patch: { status: 'posted' | 'failed'; ts?: string; error?: string; at: Date }): Promise<void>;
  /** Counts one more attempt at a post. */
  countAttempt(key: string): Promise<void>;
  /** When the topic last got a post of this kind. */
  lastPostAt(topic: string, kind: AlertPost['kind']): Promise<Date | undefined>;

  // ── feedback and usage ─────────────────────────────────────────────────────
  /** Records a user's press on an item; a second press by the same user on the same item replaces the first. */
  recordFeedback(feedback: Feedback): Promise<void>;
  /** Articles this channel's users marked unhelpful more often than helpful. */
  demotedArticles(channel: string): Promise<string[]>;
  /** Counts one brief asked (a new query, not a next page). */
  recordBriefAsked(query: string, at: Date): Promise<void>;
  /** Briefs asked, the top queries, and feedback per source and per origin. */
  usageStats(limit: number): Promise<UsageStats>;
}

export interface Feedback {
  userId: string;
  channel: string;
  articleId: string;
  /** The item's outlet at the time of the press. */
  source: string;
  /** `brief:<query>`, `alert:3`, `sub:7`, `channel:C1`. */
  origin: string;
  helpful: boolean;
  at: Date;
}

export interface NewAlert {
  channel: string;
  query: string;
  everyMinutes: number;
  /** Local `HH:MM` times (DIGEST_TZ) between which nothing is posted. */
  quiet?: { start: string; end: string };
  createdBy: string;
  createdAt: Date;
}

export interface Alert extends NewAlert {
  id: number;
}

export interface TopicCursor {
  /** When Brief started watching the topic: spike history starts here. */
  since: Date;
  /** Arrivals up to this instant have been matched. */
  checkedUpTo: Date;
}

export interface TopicMatch {
  articleId: string;
  arrivedAt: Date;
}

export interface AlertedStory {
  storyKey: string;
  postKey: string;
  articleIds: string[];
}

export interface AlertItem {
  articleId: string;
  /** The id of the story's first alerted article. */
  storyKey: string;
}

export interface NewAlertPost {
  /** Also the post's marker in Slack (message metadata and first `block_id`). */
  key: string;
  /** `alert:3`, `sub:7`. */
  topic: string;
  channel: string;
  kind: 'post' | 'reply' | 'spike';
  /** A reply's post, by key (its `ts` is known once that post has landed). */
  parentKey?: string;
  /** The message exactly as it will be sent (plain data). */
  message: SlackMessage;
  startedAt: Date;
}

export interface AlertPost extends NewAlertPost {
  status: 'posting' | 'posted' | 'failed';
  attempts: number;
  ts?: string;
  error?: string;
}

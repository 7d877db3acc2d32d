import { CodedError, type ErrorCodeOf } from '../errors.js';
import type { ConversationStore } from '../slack/conversation-store.js';
import type { AlertStore } from './alert-store.js';
import type { DigestRunStore } from './digest-runs.js';

export type { DigestPart, DigestRun, DigestRunStore, NewDigestPart, NewDigestRun, PartPosted, PartStatus, RunStatus } from './digest-runs.js';

/**
 * Brief's durable state, split by concern into small async ports, each with a SQLite implementation
 * (one process) and a PostgreSQL one (several replicas); instants are `Date`s in and out. A consumer
 * is given the ports it needs, by these names; `openStore` (open-store.ts) opens them all at once on
 * one database. Runs, subscriptions, notices, alerts and feedback are one workspace's
 * ({@link StoreScope}); feeds and arrivals belong to the install, since the corpus is shared.
 */
export interface Stores {
  /** Digest runs and their parts: the digest's claim and compare-and-set (digest-runs.ts). */
  runs: DigestRunStore;
  subscriptions: SubscriptionStore;
  feeds: FeedStore;
  arrivals: ArrivalStore;
  notices: NoticeStore;
  /** Event ids answered, thread memory and response_url budgets (the Slack side's memory). */
  conversations: ConversationStore;
  /** Alerts, what each watched topic matched, alert posts, feedback and usage (alert-store.ts). */
  alerts: AlertStore;
  /** Closes the connections behind every port (once; later calls wait for the first). */
  close(): Promise<void>;
}

/** A channel's digest subscriptions. */
export interface SubscriptionStore {
  addSubscription(sub: NewSubscription): Promise<Subscription>;
  /** Deletes a subscription of this channel; false when there is none with that id there. */
  removeSubscription(id: number, channel: string): Promise<boolean>;
  /** All subscriptions, or one channel's. */
  listSubscriptions(channel?: string): Promise<Subscription[]>;
}

/** The feed list, each feed's polling state, and the items taken in from feeds. */
export interface FeedStore {
  getFeedState(url: string): Promise<FeedState | undefined>;
  saveFeedState(state: FeedState): Promise<void>;
  /**
   * Records the item unless its GUID key or canonical-link key was taken in before, in one atomic
   * step: true for the one caller (of any replica) that claimed it. An item with neither key is
   * always new.
   */
  claimFeedItem(item: FeedItemRecord): Promise<boolean>;
  /** Forgets a claimed item (its file could not be written), so a later poll takes it again. */
  releaseFeedItem(keys: FeedItemKeys): Promise<void>;
  /** Adds a feed to the list unless its URL is there; returns the stored feed and whether this call added it. */
  addFeed(feed: NewFeed): Promise<{ created: boolean; feed: Feed }>;
  /** Removes a feed by its id or URL; returns it, or undefined when there was none. */
  removeFeed(ref: { id: number } | { url: string }): Promise<Feed | undefined>;
  /** The feed list, oldest first, each with its items taken in and its last poll's outcome. */
  listFeeds(): Promise<FeedSummary[]>;
}

/** When each article was first seen (digests and alerts take what arrived in a window). */
export interface ArrivalStore {
  /** Records when articles were first seen; ids seen before keep their first time. Returns how many were new. */
  recordArrivals(ids: readonly string[], at: Date): Promise<number>;
  /** Ids of articles first seen in `(after, upTo]`. */
  arrivedBetween(after: Date, upTo: Date): Promise<string[]>;
  arrivalOf(id: string): Promise<Date | undefined>;
}

/** Problems shown on the App Home, one per key. */
export interface NoticeStore {
  /** Adds or replaces the notice with this key. */
  setNotice(notice: Notice): Promise<void>;
  clearNotice(key: string): Promise<void>;
  listNotices(): Promise<Notice[]>;
}

/** The workspace (Slack `team_id`) a store is opened for. */
export interface StoreScope {
  teamId: string;
}

/**
 * The workspace of a single-workspace install, whose team id the store is not told: a later
 * multi-workspace install (OAuth) renames these rows to the real team id.
 */
export const DEFAULT_TEAM_ID = 'default';

export interface NewSubscription {
  channel: string;
  query: string;
  /** Local time `HH:MM`. */
  time: string;
  createdBy: string;
  createdAt: Date;
}

export interface Subscription extends NewSubscription {
  id: number;
}

export interface FeedState {
  url: string;
  etag?: string;
  lastModified?: string;
  /** Failures in a row; 0 after a good poll. */
  failures: number;
  /** No poll before this instant (backoff). */
  nextAttemptAt?: Date;
  lastError?: string;
  lastPolledAt?: Date;
  lastOkAt?: Date;
}

export interface NewFeed {
  url: string;
  /** A name given when it was added (`as <name>`). */
  name?: string;
  /** A Slack user id, or `FEEDS` / `opml` for feeds not added from Slack. */
  addedBy: string;
  addedAt: Date;
}

export interface Feed extends NewFeed {
  id: number;
}

/** A feed with what polling it gave so far. */
export interface FeedSummary extends Feed {
  /** Items taken in from it. */
  items: number;
  failures: number;
  lastOkAt?: Date;
  lastError?: string;
}

export interface FeedItemKeys {
  /** `<feed url> <guid>`: GUIDs are only trusted within their feed. */
  guidKey?: string;
  /** The canonical link, trusted across feeds. */
  linkKey?: string;
}

export interface FeedItemRecord extends FeedItemKeys {
  feedUrl: string;
  articleId: string;
  file: string;
  seenAt: Date;
}

export interface Notice {
  key: string;
  kind: 'digest' | 'feed' | 'corpus';
  message: string;
  at: Date;
}

/** A store problem (a bad DATABASE_PATH, a newer schema than this code knows). */
export class StoreError extends CodedError<ErrorCodeOf<'store'>> {}

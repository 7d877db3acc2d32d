/**
 * The durable state of Brief's digests and feeds, behind an interface small enough that a
 * PostgreSQL implementation can take SQLite's place when several replicas run. Every method is
 * async for that reason; instants are `Date`s in and out.
 */
export interface Store {
  // ── digest runs ────────────────────────────────────────────────────────────
  /** Records a run unless one with the same key exists; returns the stored run and whether this call created it. */
  claimRun(run: NewDigestRun): Promise<{ created: boolean; run: DigestRun }>;
  getRun(key: string): Promise<DigestRun | undefined>;
  /**
   * Moves a run to `posting` (one more attempt) only if it is still as this caller read it: a
   * compare-and-set, so two processes that claimed the same run never both post it.
   */
  beginPosting(key: string, expected: { status: RunStatus; attempts: number }): Promise<boolean>;
  /** Changes a run's status (and what else the patch names). */
  updateRun(key: string, patch: RunPatch): Promise<void>;
  /** The latest run of a target that completed (posted, or found nothing), by cutoff. */
  lastCompletedRun(target: string): Promise<DigestRun | undefined>;
  /** Runs, newest first (for the App Home and the CLI). */
  recentRuns(limit: number): Promise<DigestRun[]>;
  /** Remembers one message Brief posted. */
  recordPost(post: PostRecord): Promise<void>;
  postsForRun(key: string): Promise<PostRecord[]>;

  // ── subscriptions ──────────────────────────────────────────────────────────
  addSubscription(sub: NewSubscription): Promise<Subscription>;
  /** Deletes a subscription of this channel; false when there is none with that id there. */
  removeSubscription(id: number, channel: string): Promise<boolean>;
  /** All subscriptions, or one channel's. */
  listSubscriptions(channel?: string): Promise<Subscription[]>;

  // ── feeds ──────────────────────────────────────────────────────────────────
  getFeedState(url: string): Promise<FeedState | undefined>;
  saveFeedState(state: FeedState): Promise<void>;
  /** True when an item with this GUID key or canonical-link key was taken in before. */
  hasFeedItem(keys: FeedItemKeys): Promise<boolean>;
  addFeedItem(item: FeedItemRecord): Promise<void>;

  // ── article arrivals ───────────────────────────────────────────────────────
  /** Records when articles were first seen; ids seen before keep their first time. Returns how many were new. */
  recordArrivals(ids: readonly string[], at: Date): Promise<number>;
  /** Ids of articles first seen in `(after, upTo]`. */
  arrivedBetween(after: Date, upTo: Date): Promise<string[]>;
  arrivalOf(id: string): Promise<Date | undefined>;

  // ── notices (problems shown on the App Home) ───────────────────────────────
  /** Adds or replaces the notice with this key. */
  setNotice(notice: Notice): Promise<void>;
  clearNotice(key: string): Promise<void>;
  listNotices(): Promise<Notice[]>;

  close(): Promise<void>;
}

export type RunStatus = 'claimed' | 'posting' | 'posted' | 'empty' | 'failed';

export interface NewDigestRun {
  /** `<target>@<local date>`: one run per target per scheduled day. */
  key: string;
  /** `channel:C123` for a channel digest, `sub:7` for a subscription. */
  target: string;
  channel: string;
  /** The local date of the scheduled time, `YYYY-MM-DD`. */
  slot: string;
  scheduledAt: Date;
  /** Articles that arrived after this… */
  since: Date;
  /** …and up to this instant are in the run. */
  cutoff: Date;
  startedAt: Date;
}

export interface DigestRun extends NewDigestRun {
  status: RunStatus;
  attempts: number;
  /** The `ts` of the headline post. */
  ts?: string;
  error?: string;
  finishedAt?: Date;
}

export interface RunPatch {
  status: RunStatus;
  attempts?: number;
  ts?: string;
  error?: string;
  finishedAt?: Date;
}

export interface PostRecord {
  runKey: string;
  channel: string;
  ts: string;
  threadTs?: string;
  kind: 'headline' | 'thread' | 'compact';
  postedAt: Date;
}

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
export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_OPEN_FAILED' | 'STORE_SCHEMA_TOO_NEW',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

import type { SlackMessage } from '../render/limits.js';

/**
 * A digest run's life. Each arrow is one store method, and each method changes the record only from
 * the states it names (a compare-and-set), so two processes never both take a step:
 *
 * ```
 * (none) ─claimRun→ claimed ─finishEmpty→ empty
 *                   claimed ─beginPosting→ posting ─completeRun→ posted   (only when every part is posted)
 *                   posting ─beginPosting→ posting                        (the next attempt, after a crash or a transient failure)
 *          claimed, posting ─failRun→ failed
 * ```
 * `posted`, `empty` and `failed` are final.
 */
export type RunStatus = 'claimed' | 'posting' | 'posted' | 'empty' | 'failed';

/**
 * A part's life (a digest is one compact post, or a headline and a thread reply):
 *
 * ```
 * pending ─markPartSending→ sending ─markPartPosted→ posted
 *                           sending ─markPartSending→ sending   (sent again after its marker was not found)
 * ```
 * `sending` means a `chat.postMessage` may have gone out: Slack may hold the message though the
 * store has no `ts`, so the message is looked for by its marker before it is sent again.
 */
export type PartStatus = 'pending' | 'sending' | 'posted';

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
  /** Attempts at posting (each `beginPosting`). */
  attempts: number;
  /** The `ts` of the first part (the headline or compact post), once the run is posted. */
  ts?: string;
  /** The last error (a failed run's reason, or a transient failure a later attempt may overcome). */
  error?: string;
  finishedAt?: Date;
}

/** One message of a digest, as planned before anything is sent. */
export interface NewDigestPart {
  /** 0: the channel post; 1, 2, …: replies in its thread, in order. */
  part: number;
  kind: 'headline' | 'thread' | 'compact';
  /** What is sent (kept so that a recovery sends the same message the first attempt planned). */
  message: SlackMessage;
  /** `sending` for a part that an earlier attempt may already have sent. */
  status: 'pending' | 'sending';
}

export interface DigestPart extends Omit<NewDigestPart, 'status' | 'message'> {
  status: PartStatus;
  /** Absent only for parts recorded before messages were kept (already posted). */
  message?: SlackMessage;
  ts?: string;
  /** For a thread reply, the `ts` of the post it replies to. */
  threadTs?: string;
  postedAt?: Date;
}

/** Where a part landed. */
export interface PartPosted {
  ts: string;
  threadTs?: string;
  at: Date;
}

/**
 * The digest runs and their parts, as an async state machine (see {@link RunStatus} and
 * {@link PartStatus}). Transitions answer whether they applied; a `false` means another process
 * moved the record first, or the step is not allowed from its current state.
 */
export interface DigestRunStore {
  /** Records a run in `claimed` unless one with the same key exists; returns the stored run and whether this call created it. */
  claimRun(run: NewDigestRun): Promise<{ created: boolean; run: DigestRun }>;
  getRun(key: string): Promise<DigestRun | undefined>;
  /**
   * claimed|posting → posting, one more attempt, only if the run is still as this caller read it.
   * The first attempt's `plan` becomes the run's parts (later attempts keep the parts already
   * recorded). Returns the parts, or undefined when another process took the run.
   */
  beginPosting(key: string, expected: { status: RunStatus; attempts: number }, plan: readonly NewDigestPart[]): Promise<DigestPart[] | undefined>;
  /** The run's parts, in order (empty before the first `beginPosting`). */
  runParts(key: string): Promise<DigestPart[]>;
  /** pending|sending → sending: recorded just before the part is sent. */
  markPartSending(key: string, part: number): Promise<boolean>;
  /** sending → posted, with where the message landed. */
  markPartPosted(key: string, part: number, posted: PartPosted): Promise<boolean>;
  /** posting → posted, only when every part of the run is posted; the run's `ts` is its first part's. */
  completeRun(key: string, at: Date): Promise<boolean>;
  /** claimed|posting (with no part recorded) → empty: nothing new to post. */
  finishEmpty(key: string, at: Date): Promise<boolean>;
  /** claimed|posting → failed: a permanent error, or too many attempts. */
  failRun(key: string, error: string, at: Date): Promise<boolean>;
  /** Keeps a posting run's last transient error (it stays `posting` for a later attempt). */
  noteRunError(key: string, error: string): Promise<void>;
  /** The latest run of a target that completed (posted, or found nothing), by cutoff. */
  lastCompletedRun(target: string): Promise<DigestRun | undefined>;
  /** Runs, newest first (for the App Home and the CLI). */
  recentRuns(limit: number): Promise<DigestRun[]>;
}

/** The counts `/brief stats` shows (type-only: the store fills them, a renderer draws them). */

/** Helpful and unhelpful presses under one key (a source, or the alert or query an item came from). */
export interface FeedbackCount {
  key: string;
  helpful: number;
  unhelpful: number;
}

export interface UsageStats {
  briefsAsked: number;
  topQueries: { query: string; count: number }[];
  bySource: FeedbackCount[];
  byOrigin: FeedbackCount[];
}

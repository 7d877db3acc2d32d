import type { Clock } from './deps.js';
import { ExpiringMap } from './expiring-map.js';

/** Slack accepts at most 5 posts to one `response_url`, within 30 minutes of the interaction. */
export const RESPONSE_URL_LIMIT = { posts: 5, windowMs: 30 * 60 * 1000 } as const;

/**
 * Counts posts per `response_url`, so Brief never sends a sixth (or one after 30 minutes) and can
 * fall back to the Web API instead.
 *
 * @example if (budget.take(url)) await respond(message); else await client.chat.postEphemeral(...)
 */
export class ResponseUrlBudget {
  private readonly used: ExpiringMap<string, number>;

  constructor(clock: Clock, private readonly limit: number = RESPONSE_URL_LIMIT.posts) {
    this.used = new ExpiringMap({ maxEntries: 10_000, ttlMs: RESPONSE_URL_LIMIT.windowMs, clock });
  }

  /** True (and counted) when one more post to `url` is allowed. */
  take(url: string | undefined): boolean {
    if (url === undefined || url === '') return false;
    const count = this.used.get(url);
    if (count === undefined) {
      this.used.set(url, 1);
      return true;
    }
    if (count >= this.limit) return false;
    this.used.update(url, count + 1);
    return true;
  }

  /** Posts left for `url` (5 for one never used or expired). */
  remaining(url: string): number {
    return this.limit - (this.used.get(url) ?? 0);
  }
}

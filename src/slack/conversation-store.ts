import type { Clock } from '../clock.js';
import { ExpiringMap } from './expiring-map.js';

/** The last brief of a thread (or DM): its query and page, so "more" can continue it. */
export interface ThreadBrief {
  q: string;
  p: number;
}

/** Slack retries an event three times within about an hour; remember ids that long. */
export const EVENT_MEMORY = { maxEntries: 5_000, ttlMs: 60 * 60 * 1000 } as const;
/** How long a thread's last brief is remembered, and how many threads at most. */
export const THREAD_MEMORY = { maxEntries: 2_000, ttlMs: 24 * 60 * 60 * 1000 } as const;
/** Slack accepts at most 5 posts to one `response_url`, within 30 minutes of the interaction. */
export const RESPONSE_URL_LIMIT = { posts: 5, windowMs: 30 * 60 * 1000, maxEntries: 10_000 } as const;

/**
 * What the Slack side remembers between requests, keyed by workspace (`teamId`) as well: the event
 * ids already answered, each thread's last brief, and the posts used per `response_url`. Async, so
 * a shared (PostgreSQL) implementation can replace the SQLite one when several replicas run.
 *
 * @example const store = memoryConversationStore(clock); let answered = 0;
 * for (const retry of [1, 2]) if (await store.firstSighting('T1', 'Ev1')) answered += retry;
 * answered // => 1
 */
export interface ConversationStore {
  /** Records an event id; true the first time it is seen (within {@link EVENT_MEMORY}), false after. */
  firstSighting(teamId: string, eventId: string): Promise<boolean>;
  /** The thread's last brief, unless forgotten. */
  lastBrief(teamId: string, thread: string): Promise<ThreadBrief | undefined>;
  /** Remembers the thread's last brief (for {@link THREAD_MEMORY}). */
  rememberBrief(teamId: string, thread: string, brief: ThreadBrief): Promise<void>;
  /** True (and counted) when one more post to `url` is within {@link RESPONSE_URL_LIMIT}. */
  takeResponseUrl(teamId: string, url: string): Promise<boolean>;
}

/**
 * The in-memory store: bounded and expiring, for one process only (a restart forgets it).
 *
 * @example const store = memoryConversationStore(clock);
 * await store.firstSighting('T1', 'Ev1') // => true
 * await store.firstSighting('T1', 'Ev1') // => false
 */
export function memoryConversationStore(clock: Clock): ConversationStore {
  const events = new ExpiringMap<string, true>({ ...EVENT_MEMORY, clock });
  const threads = new ExpiringMap<string, ThreadBrief>({ ...THREAD_MEMORY, clock });
  const urls = new ExpiringMap<string, number>({ maxEntries: RESPONSE_URL_LIMIT.maxEntries, ttlMs: RESPONSE_URL_LIMIT.windowMs, clock });
  // A Map keyed by both parts; the separator cannot occur in a team id.
  const key = (teamId: string, id: string) => `${teamId}\u0000${id}`;
  return {
    async firstSighting(teamId, eventId) {
      const k = key(teamId, eventId);
      if (events.has(k)) return false;
      events.set(k, true);
      return true;
    },
    async lastBrief(teamId, thread) {
      const found = threads.get(key(teamId, thread));
      return found === undefined ? undefined : { ...found };
    },
    async rememberBrief(teamId, thread, brief) {
      threads.set(key(teamId, thread), { q: brief.q, p: brief.p });
    },
    async takeResponseUrl(teamId, url) {
      if (url === '') return false;
      const k = key(teamId, url);
      const used = urls.get(k);
      if (used === undefined) {
        urls.set(k, 1);
        return true;
      }
      if (used >= RESPONSE_URL_LIMIT.posts) return false;
      urls.update(k, used + 1);
      return true;
    },
  };
}

import type Database from 'better-sqlite3';
import { EVENT_MEMORY, RESPONSE_URL_LIMIT, THREAD_MEMORY, type ConversationStore } from '../slack/conversation-store.js';
import type { Clock } from '../clock.js';

/** Expired rows are swept at most this often (a sweep is one indexed DELETE per table). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The Slack side's memory in SQLite (tables `slack_events`, `slack_threads`, `slack_response_urls`,
 * migration 3): a restart keeps which events were answered, each thread's last brief and the
 * response_url budgets. Rows expire as in the memory store; expired ones are swept now and then.
 *
 * @example const conversations = sqliteConversationStore(db, clock);
 * await conversations.firstSighting('T1', 'Ev1') // => true
 * await conversations.firstSighting('T1', 'Ev1') // => false
 */
export function sqliteConversationStore(db: Database.Database, clock: Clock): ConversationStore {
  const now = () => clock.now().getTime();
  const q = {
    eventAlive: db.prepare('SELECT 1 FROM slack_events WHERE team_id = ? AND event_id = ? AND expires_at > ?'),
    eventPut: db.prepare('INSERT INTO slack_events (team_id, event_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (team_id, event_id) DO UPDATE SET expires_at = excluded.expires_at'),
    threadGet: db.prepare('SELECT query, page FROM slack_threads WHERE team_id = ? AND thread = ? AND expires_at > ?'),
    threadPut: db.prepare('INSERT INTO slack_threads (team_id, thread, query, page, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, thread) DO UPDATE SET query = excluded.query, page = excluded.page, expires_at = excluded.expires_at'),
    urlGet: db.prepare('SELECT used FROM slack_response_urls WHERE team_id = ? AND url = ? AND expires_at > ?'),
    urlFirst: db.prepare('INSERT INTO slack_response_urls (team_id, url, used, expires_at) VALUES (?, ?, 1, ?) ON CONFLICT (team_id, url) DO UPDATE SET used = 1, expires_at = excluded.expires_at'),
    urlUse: db.prepare('UPDATE slack_response_urls SET used = used + 1 WHERE team_id = ? AND url = ?'),
    sweep: ['slack_events', 'slack_threads', 'slack_response_urls'].map((t) => db.prepare(`DELETE FROM ${t} WHERE expires_at <= ?`)),
  };
  let lastSweep = 0;
  const sweep = (t: number) => {
    if (t - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = t;
    for (const statement of q.sweep) statement.run(t);
  };
  // better-sqlite3 is synchronous, so each check-and-set below is atomic within this process; the
  // transactions keep it so against another connection to the same file.
  const firstSighting = db.transaction((teamId: string, eventId: string, t: number): boolean => {
    sweep(t);
    if (q.eventAlive.get(teamId, eventId, t) !== undefined) return false;
    q.eventPut.run(teamId, eventId, t + EVENT_MEMORY.ttlMs);
    return true;
  });
  const take = db.transaction((teamId: string, url: string, t: number): boolean => {
    sweep(t);
    const row = q.urlGet.get(teamId, url, t) as { used: number } | undefined;
    if (row === undefined) {
      q.urlFirst.run(teamId, url, t + RESPONSE_URL_LIMIT.windowMs);
      return true;
    }
    if (row.used >= RESPONSE_URL_LIMIT.posts) return false;
    q.urlUse.run(teamId, url);
    return true;
  });
  return {
    async firstSighting(teamId, eventId) {
      return firstSighting.immediate(teamId, eventId, now());
    },
    async lastBrief(teamId, thread) {
      const row = q.threadGet.get(teamId, thread, now()) as { query: string; page: number } | undefined;
      return row === undefined ? undefined : { q: row.query, p: row.page };
    },
    async rememberBrief(teamId, thread, brief) {
      const t = now();
      sweep(t);
      q.threadPut.run(teamId, thread, brief.q, brief.p, t + THREAD_MEMORY.ttlMs);
    },
    async takeResponseUrl(teamId, url) {
      if (url === '') return false;
      return take.immediate(teamId, url, now());
    },
  };
}

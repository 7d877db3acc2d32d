import type pg from 'pg';
import { EVENT_MEMORY, RESPONSE_URL_LIMIT, THREAD_MEMORY, type ConversationStore } from '../slack/conversation-store.js';
import type { Clock } from '../clock.js';

/** Expired rows are swept at most this often (one indexed DELETE per table). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The Slack side's memory in PostgreSQL, shared by every replica: a Slack retry that reaches
 * another replica is seen as a retry, `more` works on whichever replica gets it, and the
 * response_url budget is one count. Each check-and-set is one statement (an upsert whose
 * conflict branch applies only when the old row expired or has budget left), so two replicas never
 * both win. Expiry follows `clock`, as in the other implementations.
 *
 * @example const conversations = pgConversationStore(pool, clock);
 * await conversations.firstSighting('T0pgconv', 'Ev1') // => true
 * await conversations.firstSighting('T0pgconv', 'Ev1') // => false
 */
export function pgConversationStore(pool: pg.Pool, clock: Clock): ConversationStore {
  const now = () => clock.now().getTime();
  let lastSweep = 0;
  const sweep = async (t: number) => {
    if (t - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = t;
    for (const table of ['slack_events', 'slack_threads', 'slack_response_urls']) await pool.query(`DELETE FROM ${table} WHERE expires_at <= $1`, [t]);
  };
  const won = async (sql: string, params: unknown[]) => ((await pool.query(sql, params)).rowCount ?? 0) === 1;

  return {
    async firstSighting(teamId, eventId) {
      const t = now();
      await sweep(t);
      return won(
        `INSERT INTO slack_events (team_id, event_id, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (team_id, event_id) DO UPDATE SET expires_at = excluded.expires_at WHERE slack_events.expires_at <= $4`,
        [teamId, eventId, t + EVENT_MEMORY.ttlMs, t],
      );
    },
    async lastBrief(teamId, thread) {
      const { rows } = await pool.query<{ query: string; page: number }>('SELECT query, page FROM slack_threads WHERE team_id = $1 AND thread = $2 AND expires_at > $3', [teamId, thread, now()]);
      return rows[0] === undefined ? undefined : { q: rows[0].query, p: rows[0].page };
    },
    async rememberBrief(teamId, thread, brief) {
      const t = now();
      await sweep(t);
      await pool.query(
        `INSERT INTO slack_threads (team_id, thread, query, page, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (team_id, thread) DO UPDATE SET query = excluded.query, page = excluded.page, expires_at = excluded.expires_at`,
        [teamId, thread, brief.q, brief.p, t + THREAD_MEMORY.ttlMs],
      );
    },
    async takeResponseUrl(teamId, url) {
      if (url === '') return false;
      const t = now();
      await sweep(t);
      return won(
        `INSERT INTO slack_response_urls AS r (team_id, url, used, expires_at) VALUES ($1, $2, 1, $3)
         ON CONFLICT (team_id, url) DO UPDATE SET
           used = CASE WHEN r.expires_at <= $4 THEN 1 ELSE r.used + 1 END,
           expires_at = CASE WHEN r.expires_at <= $4 THEN excluded.expires_at ELSE r.expires_at END
         WHERE r.expires_at <= $4 OR r.used < $5`,
        [teamId, url, t + RESPONSE_URL_LIMIT.windowMs, t, RESPONSE_URL_LIMIT.posts],
      );
    },
  };
}


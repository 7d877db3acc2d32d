import type pg from 'pg';
import type { DigestRunStore } from './digest-runs.js';
import { inTransaction } from './pg-transaction.js';
import { toPart, toRun, type Row } from './rows.js';
import type { StoreScope } from './store.js';

/**
 * The {@link DigestRunStore} over a migrated PostgreSQL pool, for one workspace: each transition
 * is one `UPDATE … WHERE status IN (<the states it leaves>)` (row-locked by PostgreSQL, so of two
 * replicas exactly one sees its row count be 1); `beginPosting` and its parts are one transaction.
 *
 * @example const runs = pgDigestRuns(pool, { teamId: 'T0pgruns' });
 * const run = { key: 'channel:C1@2026-03-30', target: 'channel:C1', channel: 'C1', slot: '2026-03-30', scheduledAt: now, since: new Date(now.getTime() - 86_400_000), cutoff: now, startedAt: now };
 * (await runs.claimRun(run)).created // => true
 * (await runs.claimRun(run)).created // => false
 */
export function pgDigestRuns(pool: pg.Pool, scope: StoreScope): DigestRunStore {
  const team = scope.teamId;
  const rows = async (sql: string, params: unknown[]): Promise<Row[]> => (await pool.query(sql, params)).rows as Row[];
  const applied = async (sql: string, params: unknown[]): Promise<boolean> => (await pool.query(sql, params)).rowCount === 1;
  const partsOf = 'SELECT * FROM digest_parts WHERE team_id = $1 AND run_key = $2 ORDER BY part';

  return {
    async claimRun(run) {
      const created = await applied(
        `INSERT INTO digest_runs (team_id, key, target, channel, slot, scheduled_at, since, cutoff, status, attempts, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'claimed', 0, $9) ON CONFLICT DO NOTHING`,
        [team, run.key, run.target, run.channel, run.slot, run.scheduledAt, run.since, run.cutoff, run.startedAt],
      );
      const [row] = await rows('SELECT * FROM digest_runs WHERE team_id = $1 AND key = $2', [team, run.key]);
      return { created, run: toRun(row!) };
    },
    async getRun(key) {
      const [row] = await rows('SELECT * FROM digest_runs WHERE team_id = $1 AND key = $2', [team, key]);
      return row === undefined ? undefined : toRun(row);
    },
    beginPosting: (key, expected, plan) =>
      inTransaction(pool, async (client) => {
        const moved = await client.query(
          `UPDATE digest_runs SET status = 'posting', attempts = attempts + 1
           WHERE team_id = $1 AND key = $2 AND status IN ('claimed', 'posting') AND status = $3 AND attempts = $4`,
          [team, key, expected.status, expected.attempts],
        );
        if (moved.rowCount !== 1) return undefined;
        const { rows: existing } = await client.query('SELECT 1 FROM digest_parts WHERE team_id = $1 AND run_key = $2 LIMIT 1', [team, key]);
        if (existing.length === 0) {
          for (const p of plan) {
            const sql = 'INSERT INTO digest_parts (team_id, run_key, part, kind, status, message) VALUES ($1, $2, $3, $4, $5, $6)';
            await client.query(sql, [team, key, p.part, p.kind, p.status, JSON.stringify(p.message)]);
          }
        }
        return ((await client.query(partsOf, [team, key])).rows as Row[]).map(toPart);
      }),
    async runParts(key) {
      return (await rows(partsOf, [team, key])).map(toPart);
    },
    markPartSending: (key, part) =>
      applied(`UPDATE digest_parts SET status = 'sending' WHERE team_id = $1 AND run_key = $2 AND part = $3 AND status IN ('pending', 'sending')`, [team, key, part]),
    markPartPosted: (key, part, posted) =>
      applied(
        `UPDATE digest_parts SET status = 'posted', ts = $4, thread_ts = $5, posted_at = $6 WHERE team_id = $1 AND run_key = $2 AND part = $3 AND status = 'sending'`,
        [team, key, part, posted.ts, posted.threadTs ?? null, posted.at],
      ),
    completeRun: (key, at) =>
      applied(
        `UPDATE digest_runs SET status = 'posted', error = NULL, finished_at = $3,
           ts = (SELECT ts FROM digest_parts WHERE team_id = $1 AND run_key = $2 ORDER BY part LIMIT 1)
         WHERE team_id = $1 AND key = $2 AND status = 'posting'
           AND EXISTS (SELECT 1 FROM digest_parts WHERE team_id = $1 AND run_key = $2)
           AND NOT EXISTS (SELECT 1 FROM digest_parts WHERE team_id = $1 AND run_key = $2 AND status <> 'posted')`,
        [team, key, at],
      ),
    finishEmpty: (key, at) =>
      applied(
        `UPDATE digest_runs SET status = 'empty', finished_at = $3 WHERE team_id = $1 AND key = $2 AND status IN ('claimed', 'posting')
           AND NOT EXISTS (SELECT 1 FROM digest_parts WHERE team_id = $1 AND run_key = $2)`,
        [team, key, at],
      ),
    failRun: (key, error, at) =>
      applied(`UPDATE digest_runs SET status = 'failed', error = $3, finished_at = $4 WHERE team_id = $1 AND key = $2 AND status IN ('claimed', 'posting')`, [team, key, error, at]),
    async noteRunError(key, error) {
      await pool.query(`UPDATE digest_runs SET error = $3 WHERE team_id = $1 AND key = $2 AND status = 'posting'`, [team, key, error]);
    },
    async lastCompletedRun(target) {
      const sql = `SELECT * FROM digest_runs WHERE team_id = $1 AND target = $2 AND status IN ('posted', 'empty') ORDER BY cutoff DESC LIMIT 1`;
      const [row] = await rows(sql, [team, target]);
      return row === undefined ? undefined : toRun(row);
    },
    async recentRuns(limit) {
      return (await rows('SELECT * FROM digest_runs WHERE team_id = $1 ORDER BY started_at DESC LIMIT $2', [team, limit])).map(toRun);
    },
  };
}

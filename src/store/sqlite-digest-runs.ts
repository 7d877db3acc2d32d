import type Database from 'better-sqlite3';
import type { DigestPart, DigestRunStore } from './digest-runs.js';
import { toPart, toRun, type Row } from './rows.js';
import type { StoreScope } from './store.js';

const iso = (d: Date): string => d.toISOString();

/**
 * The {@link DigestRunStore} over a migrated better-sqlite3 database, for one workspace: each
 * transition is one `UPDATE … WHERE status IN (<the states it leaves>)`, so its `changes` say
 * whether it applied.
 *
 * @example const runs = sqliteDigestRuns(db, { teamId: 'T0123' });
 * const run = { key: 'channel:C1@2026-03-30', target: 'channel:C1', channel: 'C1', slot: '2026-03-30', scheduledAt: now, since: new Date(now.getTime() - 86_400_000), cutoff: now, startedAt: now };
 * (await runs.claimRun(run)).created // => true
 * (await runs.claimRun(run)).created // => false
 * (await runs.getRun(run.key))?.status // => 'claimed'
 */
export function sqliteDigestRuns(db: Database.Database, scope: StoreScope): DigestRunStore {
  const team = scope.teamId;
  const q = {
    insertRun: db.prepare(
      `INSERT OR IGNORE INTO digest_runs (team_id, key, target, channel, slot, scheduled_at, since, cutoff, status, attempts, started_at)
       VALUES (@team, @key, @target, @channel, @slot, @scheduled_at, @since, @cutoff, 'claimed', 0, @started_at)`,
    ),
    getRun: db.prepare('SELECT * FROM digest_runs WHERE team_id = @team AND key = @key'),
    beginPosting: db.prepare(
      `UPDATE digest_runs SET status = 'posting', attempts = attempts + 1
       WHERE team_id = @team AND key = @key AND status IN ('claimed', 'posting') AND status = @status AND attempts = @attempts`,
    ),
    countParts: db.prepare('SELECT COUNT(*) AS n FROM digest_parts WHERE team_id = @team AND run_key = @key'),
    insertPart: db.prepare('INSERT INTO digest_parts (team_id, run_key, part, kind, status, message) VALUES (@team, @key, @part, @kind, @status, @message)'),
    parts: db.prepare('SELECT * FROM digest_parts WHERE team_id = @team AND run_key = @key ORDER BY part'),
    partSending: db.prepare(`UPDATE digest_parts SET status = 'sending' WHERE team_id = @team AND run_key = @key AND part = @part AND status IN ('pending', 'sending')`),
    partPosted: db.prepare(
      `UPDATE digest_parts SET status = 'posted', ts = @ts, thread_ts = @thread_ts, posted_at = @at
       WHERE team_id = @team AND run_key = @key AND part = @part AND status = 'sending'`,
    ),
    complete: db.prepare(
      `UPDATE digest_runs SET status = 'posted', error = NULL, finished_at = @at,
         ts = (SELECT ts FROM digest_parts WHERE team_id = @team AND run_key = @key ORDER BY part LIMIT 1)
       WHERE team_id = @team AND key = @key AND status = 'posting'
         AND EXISTS (SELECT 1 FROM digest_parts WHERE team_id = @team AND run_key = @key)
         AND NOT EXISTS (SELECT 1 FROM digest_parts WHERE team_id = @team AND run_key = @key AND status != 'posted')`,
    ),
    empty: db.prepare(
      `UPDATE digest_runs SET status = 'empty', finished_at = @at
       WHERE team_id = @team AND key = @key AND status IN ('claimed', 'posting')
         AND NOT EXISTS (SELECT 1 FROM digest_parts WHERE team_id = @team AND run_key = @key)`,
    ),
    fail: db.prepare(`UPDATE digest_runs SET status = 'failed', error = @error, finished_at = @at WHERE team_id = @team AND key = @key AND status IN ('claimed', 'posting')`),
    noteError: db.prepare(`UPDATE digest_runs SET error = @error WHERE team_id = @team AND key = @key AND status = 'posting'`),
    lastCompleted: db.prepare(`SELECT * FROM digest_runs WHERE team_id = @team AND target = @target AND status IN ('posted', 'empty') ORDER BY cutoff DESC LIMIT 1`),
    recentRuns: db.prepare('SELECT * FROM digest_runs WHERE team_id = @team ORDER BY started_at DESC LIMIT @limit'),
  };
  const begin = db.transaction((key: string, status: string, attempts: number, plan: Parameters<DigestRunStore['beginPosting']>[2]): DigestPart[] | undefined => {
    if (q.beginPosting.run({ team, key, status, attempts }).changes !== 1) return undefined;
    if ((q.countParts.get({ team, key }) as { n: number }).n === 0) {
      for (const p of plan) q.insertPart.run({ team, key, part: p.part, kind: p.kind, status: p.status, message: JSON.stringify(p.message) });
    }
    return (q.parts.all({ team, key }) as Row[]).map(toPart);
  });

  return {
    async claimRun(run) {
      const created =
        q.insertRun.run({
          team,
          key: run.key,
          target: run.target,
          channel: run.channel,
          slot: run.slot,
          scheduled_at: iso(run.scheduledAt),
          since: iso(run.since),
          cutoff: iso(run.cutoff),
          started_at: iso(run.startedAt),
        }).changes === 1;
      return { created, run: toRun(q.getRun.get({ team, key: run.key }) as Row) };
    },
    async getRun(key) {
      const row = q.getRun.get({ team, key }) as Row | undefined;
      return row === undefined ? undefined : toRun(row);
    },
    async beginPosting(key, expected, plan) {
      return begin(key, expected.status, expected.attempts, plan);
    },
    async runParts(key) {
      return (q.parts.all({ team, key }) as Row[]).map(toPart);
    },
    async markPartSending(key, part) {
      return q.partSending.run({ team, key, part }).changes === 1;
    },
    async markPartPosted(key, part, posted) {
      return q.partPosted.run({ team, key, part, ts: posted.ts, thread_ts: posted.threadTs ?? null, at: iso(posted.at) }).changes === 1;
    },
    async completeRun(key, at) {
      return q.complete.run({ team, key, at: iso(at) }).changes === 1;
    },
    async finishEmpty(key, at) {
      return q.empty.run({ team, key, at: iso(at) }).changes === 1;
    },
    async failRun(key, error, at) {
      return q.fail.run({ team, key, error, at: iso(at) }).changes === 1;
    },
    async noteRunError(key, error) {
      q.noteError.run({ team, key, error });
    },
    async lastCompletedRun(target) {
      const row = q.lastCompleted.get({ team, target }) as Row | undefined;
      return row === undefined ? undefined : toRun(row);
    },
    async recentRuns(limit) {
      return (q.recentRuns.all({ team, limit }) as Row[]).map(toRun);
    },
  };
}

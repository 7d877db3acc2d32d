import type Database from 'better-sqlite3';
import type { SlackMessage } from '../render/limits.js';
import type { DigestPart, DigestRun, DigestRunStore } from './digest-runs.js';

type Row = Record<string, unknown>;

const iso = (d: Date): string => d.toISOString();
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toRun(row: Row): DigestRun {
  const run: DigestRun = {
    key: row.key as string,
    target: row.target as string,
    channel: row.channel as string,
    slot: row.slot as string,
    scheduledAt: new Date(row.scheduled_at as string),
    since: new Date(row.since as string),
    cutoff: new Date(row.cutoff as string),
    startedAt: new Date(row.started_at as string),
    status: row.status as DigestRun['status'],
    attempts: row.attempts as number,
  };
  if (str(row.ts)) run.ts = row.ts as string;
  if (str(row.error)) run.error = row.error as string;
  if (str(row.finished_at)) run.finishedAt = new Date(row.finished_at as string);
  return run;
}

function toPart(row: Row): DigestPart {
  const part: DigestPart = { part: row.part as number, kind: row.kind as DigestPart['kind'], status: row.status as DigestPart['status'] };
  if (str(row.message)) part.message = JSON.parse(row.message as string) as SlackMessage;
  if (str(row.ts)) part.ts = row.ts as string;
  if (str(row.thread_ts)) part.threadTs = row.thread_ts as string;
  if (str(row.posted_at)) part.postedAt = new Date(row.posted_at as string);
  return part;
}

/**
 * The {@link DigestRunStore} over a migrated better-sqlite3 database: each transition is one
 * `UPDATE … WHERE status IN (<the states it leaves>)`, so its `changes` say whether it applied.
 *
 * @example const runs = sqliteDigestRuns(db); await runs.claimRun(run);
 */
export function sqliteDigestRuns(db: Database.Database): DigestRunStore {
  const q = {
    insertRun: db.prepare(
      `INSERT OR IGNORE INTO digest_runs (key, target, channel, slot, scheduled_at, since, cutoff, status, attempts, started_at)
       VALUES (@key, @target, @channel, @slot, @scheduled_at, @since, @cutoff, 'claimed', 0, @started_at)`,
    ),
    getRun: db.prepare('SELECT * FROM digest_runs WHERE key = ?'),
    beginPosting: db.prepare(`UPDATE digest_runs SET status = 'posting', attempts = attempts + 1 WHERE key = ? AND status IN ('claimed', 'posting') AND status = ? AND attempts = ?`),
    countParts: db.prepare('SELECT COUNT(*) AS n FROM digest_parts WHERE run_key = ?'),
    insertPart: db.prepare('INSERT INTO digest_parts (run_key, part, kind, status, message) VALUES (?, ?, ?, ?, ?)'),
    parts: db.prepare('SELECT * FROM digest_parts WHERE run_key = ? ORDER BY part'),
    partSending: db.prepare(`UPDATE digest_parts SET status = 'sending' WHERE run_key = ? AND part = ? AND status IN ('pending', 'sending')`),
    partPosted: db.prepare(`UPDATE digest_parts SET status = 'posted', ts = ?, thread_ts = ?, posted_at = ? WHERE run_key = ? AND part = ? AND status = 'sending'`),
    complete: db.prepare(
      `UPDATE digest_runs SET status = 'posted', error = NULL, finished_at = @at,
         ts = (SELECT ts FROM digest_parts WHERE run_key = @key ORDER BY part LIMIT 1)
       WHERE key = @key AND status = 'posting'
         AND EXISTS (SELECT 1 FROM digest_parts WHERE run_key = @key)
         AND NOT EXISTS (SELECT 1 FROM digest_parts WHERE run_key = @key AND status != 'posted')`,
    ),
    empty: db.prepare(
      `UPDATE digest_runs SET status = 'empty', finished_at = @at
       WHERE key = @key AND status IN ('claimed', 'posting') AND NOT EXISTS (SELECT 1 FROM digest_parts WHERE run_key = @key)`,
    ),
    fail: db.prepare(`UPDATE digest_runs SET status = 'failed', error = ?, finished_at = ? WHERE key = ? AND status IN ('claimed', 'posting')`),
    noteError: db.prepare(`UPDATE digest_runs SET error = ? WHERE key = ? AND status = 'posting'`),
    lastCompleted: db.prepare(`SELECT * FROM digest_runs WHERE target = ? AND status IN ('posted', 'empty') ORDER BY cutoff DESC LIMIT 1`),
    recentRuns: db.prepare('SELECT * FROM digest_runs ORDER BY started_at DESC LIMIT ?'),
  };
  const begin = db.transaction((key: string, status: string, attempts: number, plan: Parameters<DigestRunStore['beginPosting']>[2]): DigestPart[] | undefined => {
    if (q.beginPosting.run(key, status, attempts).changes !== 1) return undefined;
    if ((q.countParts.get(key) as { n: number }).n === 0) {
      for (const p of plan) q.insertPart.run(key, p.part, p.kind, p.status, JSON.stringify(p.message));
    }
    return (q.parts.all(key) as Row[]).map(toPart);
  });

  return {
    async claimRun(run) {
      const created =
        q.insertRun.run({
          key: run.key,
          target: run.target,
          channel: run.channel,
          slot: run.slot,
          scheduled_at: iso(run.scheduledAt),
          since: iso(run.since),
          cutoff: iso(run.cutoff),
          started_at: iso(run.startedAt),
        }).changes === 1;
      return { created, run: toRun(q.getRun.get(run.key) as Row) };
    },
    async getRun(key) {
      const row = q.getRun.get(key) as Row | undefined;
      return row === undefined ? undefined : toRun(row);
    },
    async beginPosting(key, expected, plan) {
      return begin(key, expected.status, expected.attempts, plan);
    },
    async runParts(key) {
      return (q.parts.all(key) as Row[]).map(toPart);
    },
    async markPartSending(key, part) {
      return q.partSending.run(key, part).changes === 1;
    },
    async markPartPosted(key, part, posted) {
      return q.partPosted.run(posted.ts, posted.threadTs ?? null, iso(posted.at), key, part).changes === 1;
    },
    async completeRun(key, at) {
      return q.complete.run({ key, at: iso(at) }).changes === 1;
    },
    async finishEmpty(key, at) {
      return q.empty.run({ key, at: iso(at) }).changes === 1;
    },
    async failRun(key, error, at) {
      return q.fail.run(error, iso(at), key).changes === 1;
    },
    async noteRunError(key, error) {
      q.noteError.run(error, key);
    },
    async lastCompletedRun(target) {
      const row = q.lastCompleted.get(target) as Row | undefined;
      return row === undefined ? undefined : toRun(row);
    },
    async recentRuns(limit) {
      return (q.recentRuns.all(limit) as Row[]).map(toRun);
    },
  };
}

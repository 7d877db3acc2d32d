import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { startLeadership, type Leadership, type Role } from './leadership.js';

/** What the leader alone runs: the feed poller, the digest scheduler and the alert runner (`DigestRuntime.lead`/`follow`). */
export interface LeaderDuties {
  lead(): Promise<void>;
  follow(): Promise<void>;
}

/**
 * Joins the election among replicas sharing `url` and runs `duties` only while this replica leads;
 * role changes are applied one after another (a quick leader → follower → leader waits for the
 * digest in flight). The replica is named `<host>-<pid>` in `pg_stat_activity`.
 *
 * @example const calls: string[] = [];
 * const leader = runLeaderDuties(databaseUrl, { lead: async () => void calls.push('lead'), follow: async () => void calls.push('follow') }, logger);
 * await until(() => calls.length === 1); // elected: the only replica here
 * [calls, leader.role()] // => [['lead'], 'leader']
 * await leader.stop();
 */
export function runLeaderDuties(url: string, duties: LeaderDuties, logger: Logger, options: { retryMs?: number } = {}): Leadership {
  let changes = Promise.resolve();
  const log = logger.child({ part: 'leadership' });
  return startLeadership({
    url,
    replica: `${hostname()}-${process.pid}`,
    log,
    ...options,
    onRoleChange: (role: Role) => {
      changes = changes
        .then(() => (role === 'leader' ? duties.lead() : duties.follow()))
        .then(() => log.info({ role }, role === 'leader' ? 'leader duties started: feeds, digests and alerts' : 'leader duties stopped'))
        .catch((err: unknown) => log.error({ err, role }, 'leader duties could not change'));
    },
  });
}

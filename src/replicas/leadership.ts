import pg from 'pg';
import type { Logger } from 'pino';
import { ADVISORY_LOCKS } from '../store/advisory-locks.js';

/** A replica's part: the leader runs the feed poller, the corpus import and the digest scheduler. */
export type Role = 'leader' | 'follower';

export interface LeadershipOptions {
  /** `postgres://…` (DATABASE_URL). Leadership holds one connection of its own, outside any pool. */
  url: string;
  /** Named in `pg_stat_activity.application_name`, so an operator sees which replica leads. */
  replica: string;
  /** Told each time the role changes; the first call comes once the first attempt settles. */
  onRoleChange: (role: Role) => void;
  log: Pick<Logger, 'info' | 'warn'>;
  /** How often a follower tries to take the lock (and a lost connection is reopened). Default 5 s. */
  retryMs?: number;
  /** How often the leader checks its connection; a check that fails or outlasts this steps it down. Default 2 s. */
  heartbeatMs?: number;
}

/** The running election; `stop()` releases the lock (on SIGTERM) and closes the connection. */
export interface Leadership {
  role(): Role;
  /** True while its connection to the database is open (`/healthz` reports the database from it). */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * Server-side settings of the leadership session, so PostgreSQL drops a leader whose host vanished
 * (no FIN: a cable, a frozen VM) in about 16 s and frees the lock; the leader's own heartbeat
 * (2 s, timed out at 2 s) steps it down well before that, so two leaders never act at once.
 */
const SESSION_SETTINGS = 'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3; SET tcp_user_timeout = 10000';

/**
 * Elects one leader among the replicas sharing a PostgreSQL database, by a session advisory lock
 * held on a dedicated connection. Followers try to take it every `retryMs`; the lock is freed when
 * the leader releases it (`stop()`), dies (kill -9: its connection closes) or loses its connection,
 * so another replica leads within `retryMs` plus the server's detection time. A leader that cannot
 * reach the database steps down at once.
 *
 * @example const roles: string[] = [];
 * const leadership = startLeadership({ url: databaseUrl, replica: 'a', onRoleChange: (r) => roles.push(`a:${r}`), log });
 * await until(() => roles.length === 1);
 * const other = startLeadership({ url: databaseUrl, replica: 'b', onRoleChange: (r) => roles.push(`b:${r}`), log });
 * await until(() => roles.length === 2);
 * [roles, leadership.role(), other.role()] // => [['a:leader', 'b:follower'], 'leader', 'follower']
 * await other.stop(); await leadership.stop();
 */
export function startLeadership(options: LeadershipOptions): Leadership {
  const retryMs = options.retryMs ?? 5000;
  const heartbeatMs = options.heartbeatMs ?? 2000;
  const lock = [...ADVISORY_LOCKS.leader];
  let role: Role | undefined;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const become = (next: Role) => {
    if (role === next) return;
    role = next;
    options.log.info({ role: next, replica: options.replica }, next === 'leader' ? 'this replica leads' : 'this replica follows');
    options.onRoleChange(next);
  };
  const drop = (reason: Error) => {
    const lost = client;
    client = undefined;
    if (lost === undefined) return;
    if (!stopped) options.log.warn({ err: reason, replica: options.replica }, 'leadership connection lost');
    lost.removeAllListeners('error');
    lost.on('error', () => undefined);
    lost.end().catch(() => undefined);
    if (!stopped) become('follower');
  };
  const connect = async (): Promise<pg.Client> => {
    const fresh = new pg.Client({ connectionString: options.url, application_name: `brief-${options.replica}`, keepAlive: true, connectionTimeoutMillis: retryMs, query_timeout: heartbeatMs });
    fresh.on('error', (err) => (client === fresh ? drop(err) : undefined));
    fresh.on('end', () => (client === fresh ? drop(new Error('connection ended')) : undefined));
    try {
      await fresh.connect();
      await fresh.query(SESSION_SETTINGS);
    } catch (err) {
      fresh.end().catch(() => undefined);
      throw err;
    }
    return fresh;
  };
  const attempt = async () => {
    try {
      client ??= await connect();
      if (role === 'leader') {
        await client.query('SELECT 1'); // the heartbeat: query_timeout makes a silent network an error
      } else {
        const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', lock);
        become(rows[0]?.got === true ? 'leader' : 'follower');
      }
    } catch (err) {
      if (client !== undefined) drop(err as Error);
      else if (!stopped) become('follower');
    }
  };
  const tick = () => {
    if (stopped) return;
    running = attempt().finally(() => {
      if (!stopped) timer = setTimeout(tick, role === 'leader' ? heartbeatMs : retryMs);
    });
  };
  tick();

  return {
    role: () => role ?? 'follower',
    connected: () => client !== undefined,
    async stop() {
      if (stopped) return running;
      stopped = true;
      clearTimeout(timer);
      await running;
      const last = client;
      client = undefined;
      if (last !== undefined) {
        if (role === 'leader') await last.query('SELECT pg_advisory_unlock($1, $2)', lock).catch(() => undefined);
        await last.end().catch(() => undefined);
      }
      if (role === 'leader') {
        role = 'follower';
        options.log.info({ replica: options.replica }, 'leadership released');
        options.onRoleChange('follower');
      }
    },
  };
}

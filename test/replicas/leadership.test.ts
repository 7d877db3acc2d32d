import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLeadership, type Leadership, type Role } from '../../src/replicas/leadership.js';
import { ADVISORY_LOCKS } from '../../src/store/advisory-locks.js';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { ROOT } from '../support/paths.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/** A replica child process and every line it printed, with a way to wait for the next one that matches. */
interface Replica {
  name: string;
  child: ChildProcess;
  events: Record<string, unknown>[];
  waitFor(match: (e: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
}

let db: TestDatabase;
const children: ChildProcess[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  const alive = children.splice(0).filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(alive.map((c) => new Promise((resolve) => (c.once('exit', resolve), c.kill('SIGKILL')))));
});
afterAll(async () => {
  await db.drop();
});

function startReplica(name: string): Replica {
  // node itself with tsx's loader (not the tsx CLI, which would run the replica as a grandchild that a kill misses)
  const script = path.join(ROOT, 'test', 'support', 'leader-replica.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, db.url, name], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const events: Record<string, unknown>[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    events.push(JSON.parse(line) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const waitFor = (match: (e: Record<string, unknown>) => boolean, what: string, from = events.length) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`replica ${name}: no ${what} within 30 s; saw ${JSON.stringify(events)}`)), 30_000);
      const check = () => {
        const found = events.slice(from).find(match);
        if (found === undefined) return void waiters.push(check);
        clearTimeout(deadline);
        resolve(found);
      };
      check();
    });
  return { name, child, events, waitFor: (match, what) => waitFor(match, what, 0) };
}

const roleOf = (r: Replica): Role | undefined => r.events.filter((e) => 'role' in e).at(-1)?.role as Role | undefined;
const isRole = (role: Role) => (e: Record<string, unknown>) => e.role === role;

/** Which replicas' sessions hold the leader lock right now, by application_name. */
async function lockHolders(): Promise<string[]> {
  const [ns, id] = ADVISORY_LOCKS.leader;
  const { rows } = await adminQuery(
    `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.classid = $1::bigint::oid AND l.objid = $2 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = $3)`,
    [ns, id, db.name],
  );
  return rows.map((r: { application_name: string }) => r.application_name);
}

describe('leadership among replicas (child processes, one PostgreSQL)', { timeout: 90_000 }, () => {
  it('elects one leader of three; after kill -9 of the leader another takes over, within 30 s', async () => {
    const replicas = ['a', 'b', 'c'].map(startReplica);
    await Promise.all(replicas.map((r) => r.waitFor((e) => 'role' in e, 'role')));
    const leaders = replicas.filter((r) => roleOf(r) === 'leader');
    expect(leaders).toHaveLength(1);
    const leader = leaders[0]!;
    expect(await lockHolders()).toEqual([`brief-${leader.name}`]);

    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    const rest = replicas.filter((r) => r !== leader);
    const next = await Promise.race(rest.map((r) => r.waitFor(isRole('leader'), 'takeover').then(() => r)));
    console.info(`takeover after kill -9: ${Date.now() - killedAt} ms`);
    expect(rest.filter((r) => roleOf(r) === 'leader')).toEqual([next]);
    expect(await lockHolders()).toEqual([`brief-${next.name}`]);
  });

  it('a leader whose connection is cut steps down at once; then exactly one replica leads', async () => {
    const a = startReplica('a');
    await a.waitFor(isRole('leader'), 'leadership');
    const b = startReplica('b');
    await b.waitFor(isRole('follower'), 'follower role');
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'brief-a' AND datname = $1`, [db.name]);
    await a.waitFor((e) => e.role === 'follower', 'step-down');
    // a reconnects and competes again: whichever replica takes the lock first leads, and only it.
    const settled = async (): Promise<string> => {
      const holders = await lockHolders();
      const leading = [a, b].filter((r) => roleOf(r) === 'leader').map((r) => `brief-${r.name}`);
      return holders.length === 1 && leading.length === 1 && holders[0] === leading[0] ? holders[0]! : '';
    };
    let holder = '';
    while ((holder = await settled()) === '') await new Promise((resolve) => setTimeout(resolve, 100));
    expect(['brief-a', 'brief-b']).toContain(holder);
  });

  it('SIGTERM releases the lock and exits 0; the follower takes over', async () => {
    const a = startReplica('a');
    await a.waitFor(isRole('leader'), 'leadership');
    const b = startReplica('b');
    await b.waitFor(isRole('follower'), 'follower role');
    const exited = new Promise<number | null>((resolve) => a.child.once('exit', (code) => resolve(code)));
    a.child.kill('SIGTERM');
    await a.waitFor((e) => e.stopped === true, 'stop');
    expect(await exited).toBe(0);
    await b.waitFor(isRole('leader'), 'takeover');
  });
});

describe('leadership in one process', () => {
  const running: Leadership[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((l) => l.stop()));
  });
  const quiet = { info: () => undefined, warn: () => undefined };
  const elect = (replica: string, url = db.url) => {
    const roles: Role[] = [];
    let changed: () => void = () => undefined;
    const leadership = startLeadership({ url, replica, retryMs: 100, heartbeatMs: 100, log: quiet, onRoleChange: (r) => (roles.push(r), changed()) });
    running.push(leadership);
    const next = (role: Role) => new Promise<void>((resolve) => ((changed = () => roles.at(-1) === role && resolve()), changed()));
    return { leadership, roles, next };
  };

  it('stop() hands the lock over while the process lives on, and reports follower once', async () => {
    const one = elect('one');
    await one.next('leader');
    const two = elect('two');
    await two.next('follower');
    await one.leadership.stop();
    expect(one.roles.slice(one.roles.indexOf('leader'))).toEqual(['leader', 'follower']);
    expect(one.leadership.role()).toBe('follower');
    await two.next('leader');
    expect(await lockHolders()).toEqual(['brief-two']);
  });

  it('a leader whose network goes silent steps down by itself; nobody leads until the server drops its session', async () => {
    const proxy = await TcpProxy.start(Number(new URL(db.url).port));
    try {
      const viaProxy = new URL(db.url);
      viaProxy.port = String(proxy.port);
      const one = elect('one', viaProxy.toString());
      await one.next('leader');
      const two = elect('two');
      await two.next('follower');
      proxy.freeze(); // no bytes either way, no FIN: the leader's heartbeat times out
      await one.next('follower');
      expect(await lockHolders()).toEqual(['brief-one']); // the server still thinks the old session holds it…
      expect(two.leadership.role()).toBe('follower'); // …so no second leader
      await one.leadership.stop(); // out of the race that follows, so the test knows who must win it
      proxy.cut(); // what the session's TCP keep-alives do on a real network
      await two.next('leader');
      expect(await lockHolders()).toEqual(['brief-two']);
    } finally {
      await proxy.close();
    }
  });

  it('a database that cannot be reached leaves the replica a follower', async () => {
    const nowhere = new URL(db.url);
    nowhere.port = '1';
    const roles: Role[] = [];
    const lost = startLeadership({ url: nowhere.toString(), replica: 'lost', retryMs: 50, log: quiet, onRoleChange: (r) => roles.push(r) });
    running.push(lost);
    await new Promise<void>((resolve) => {
      const poll = () => (roles.length > 0 ? resolve() : setTimeout(poll, 20));
      poll();
    });
    expect(roles).toEqual(['follower']);
    expect(lost.role()).toBe('follower');
  });
});

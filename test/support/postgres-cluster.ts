import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throw-away PostgreSQL server the tests own: its folder, its port and how to stop it. */
export interface TestCluster {
  /** Connects as the cluster's superuser to the `postgres` database. */
  adminUrl: string;
  stop(): void;
}

const SUPERUSER = 'brief';

/** Runs a command and throws, with its output, when it fails. */
function run(command: string, args: readonly string[]): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
  return result;
}

/** The folder holding `initdb` and `pg_ctl`: `pg_config --bindir` first, then Debian's versioned folders. */
export function findServerBinaries(): string | undefined {
  const candidates: string[] = [];
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (config.status === 0) candidates.push(config.stdout.trim());
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
}

/**
 * Finds the server binaries, installing Debian's `postgresql` package first when they are missing
 * and this process may (root with apt-get), so `npm test` on a fresh machine needs no manual step.
 */
export function ensureServerBinaries(): string {
  const found = findServerBinaries();
  if (found !== undefined) return found;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update']);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { encoding: 'utf8', env });
    if (install.status !== 0) throw new Error(`apt-get install postgresql failed:\n${install.stdout}${install.stderr}`);
    const installed = findServerBinaries();
    if (installed !== undefined) return installed;
  }
  throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found and could not be installed: install the postgresql package or set DATABASE_URL_TEST');
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Creates and starts a PostgreSQL cluster in a temp folder on a free loopback port. As root the
 * server runs as the `postgres` OS user (`runuser`), since PostgreSQL refuses to run as root.
 * Durability is off (`fsync=off`): the cluster is thrown away when the run ends.
 */
export async function startTestCluster(): Promise<TestCluster> {
  const bin = ensureServerBinaries();
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const as = (command: string, args: string[]): SpawnSyncReturns<string> =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]) : run(path.join(bin, command), args);
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim() || Number.NaN);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim() || Number.NaN);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root, but there is no postgres OS user to run the server as');
    chownSync(dir, uid, gid);
  }
  as('initdb', ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -F -c full_page_writes=off -c synchronous_commit=off -c max_connections=200`;
    try {
      as('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
      return {
        adminUrl: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
        stop() {
          spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'), [...(asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl')] : []), '-D', data, '-m', 'immediate', '-w', 'stop'], { encoding: 'utf8' });
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      lastError = err; // the port was taken between the probe and the start: try another
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

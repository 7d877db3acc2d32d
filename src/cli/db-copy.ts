/**
 * `npm run db:copy -- --to postgres://…`: moves a SQLite installation's state (digest runs and posts,
 * subscriptions, feed state and items, arrivals, notices) into PostgreSQL, before its replicas start.
 * Both schemas are migrated first; running it again adds nothing twice.
 */
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parseDatabaseUrl } from '../config/parse-values.js';
import { formatConfigProblems, readToolConfig } from '../config/read-config.js';
import { copyToPostgres } from '../store/copy-to-postgres.js';
import { describeStoreLocation } from '../store/open-store.js';
import { migratePostgres, newPool } from '../store/pg-migrate.js';
import { migrate } from '../store/sqlite-store.js';
import { runAsMain, type CliOutput } from './run-as-main.js';

const USAGE = 'Usage: npm run db:copy -- --to postgres://user:password@host:5432/brief [--from data/brief.db]';

/**
 * The db:copy command, callable in-process. The source is `--from`, else `DATABASE_PATH` (read as
 * `npm start` reads it); the target is `--to`. The target URL's password is never printed.
 *
 * @example const sqlite = openSqliteStore(`${dir}/cli-copy.db`);
 * await sqlite.subscriptions.addSubscription({ channel: 'C0COPY', query: 'taliban', time: '07:30', createdBy: 'U1', createdAt: now });
 * await sqlite.close();
 * await dbCopyCli(['--to', databaseUrl], { DATABASE_PATH: `${dir}/cli-copy.db` }, io) // => 0
 * (await pool.query("SELECT query FROM subscriptions WHERE channel = 'C0COPY'")).rows // => [{ query: 'taliban' }]
 */
export async function dbCopyCli(argv: string[], env: Readonly<Record<string, string | undefined>>, io: CliOutput): Promise<number> {
  let values: { to?: string; from?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { to: { type: 'string' }, from: { type: 'string' } } }));
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const target = values.to === undefined ? undefined : parseDatabaseUrl(values.to);
  if (target === undefined || 'problem' in target) {
    io.stderr(`--to: ${target?.problem ?? 'missing'}\n${USAGE}\n`);
    return 2;
  }
  const { config, problems } = readToolConfig(env);
  if (problems !== undefined) {
    io.stderr(`${formatConfigProblems(problems)}\n`);
    return 2;
  }
  const from = values.from ?? config.databasePath;
  let sqlite: Database.Database;
  try {
    sqlite = new Database(from, { fileMustExist: true });
  } catch (err) {
    io.stderr(`Could not open the SQLite database "${from}": ${(err as Error).message}\n`);
    return 1;
  }
  const where = describeStoreLocation({ databasePath: from, databaseUrl: target.value });
  const pool = newPool({ connectionString: target.value, max: 2 }); // a connection's failure surfaces as the next query's error
  try {
    migrate(sqlite);
    await migratePostgres(pool);
    const counts = await copyToPostgres(sqlite, pool);
    io.stdout(`Copied ${from} into ${where}:\n${Object.entries(counts).map(([table, n]) => `  ${table}: ${n} added or refreshed\n`).join('')}`);
    return 0;
  } catch (err) {
    io.stderr(`Could not copy ${from} into ${where}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    sqlite.close();
    await pool.end();
  }
}

runAsMain(import.meta.url, 'db:copy', dbCopyCli);

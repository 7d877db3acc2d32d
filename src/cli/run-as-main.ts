import dotenv from 'dotenv';
import { pathToFileURL } from 'node:url';

/** Where a CLI writes. */
export interface CliOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A command-line tool callable in-process: arguments, an environment object and outputs in; exit code out. */
export type Cli = (argv: string[], env: NodeJS.ProcessEnv, io: CliOutput) => Promise<number>;

/**
 * Runs `cli` when its module is the one Node was started with (not when a test imports it): reads
 * `.env` (or DOTENV_CONFIG_PATH), passes the process's arguments and streams, and exits with its code;
 * an unexpected failure is one line on stderr and exit 1.
 *
 * @example let ran = false; // in src/cli/ingest.ts: runAsMain(import.meta.url, 'ingest', ingestCli)
 * runAsMain('file:///imported/not/started.js', 'ingest', async () => { ran = true; return 0; });
 * ran // => false
 */
export function runAsMain(moduleUrl: string, name: string, cli: Cli): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  dotenv.config({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  cli(process.argv.slice(2), process.env, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

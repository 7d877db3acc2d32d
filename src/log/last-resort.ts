import type { Logger } from 'pino';

/** How long the last log line gets to reach its destination before the process exits. */
const FLUSH_MS = 500;

/**
 * The last-resort policy of `npm start`: an error nothing else caught (`uncaughtException`,
 * `unhandledRejection`) is logged as fatal, through the same redaction as every log line, and the
 * process exits with code 70, so a supervisor restarts a clean process rather than leaving one
 * half-alive. Returns a function that removes the handlers.
 *
 * @example const handlers = new Map<string, (err: unknown) => void>(); // `process` in the program
 * const proc = { on: (e: string, f: (err: unknown) => void) => handlers.set(e, f), off: (e: string) => handlers.delete(e) } as unknown as NodeJS.Process;
 * const exited = new Promise<number>((resolve) => installLastResort(proc, logger, resolve));
 * handlers.get('uncaughtException')?.(new Error('boom'));
 * await exited // => 70
 * logs.at(-1)?.kind // => 'uncaughtException'
 */
export function installLastResort(proc: NodeJS.Process, logger: Logger, exit: (code: number) => void = (code) => proc.exit(code)): () => void {
  let exiting = false;
  const die = (kind: string) => (err: unknown) => {
    logger.fatal({ err, kind }, 'unexpected error: exiting so a supervisor can restart Brief');
    if (exiting) return;
    exiting = true;
    // Not unref'd: the process must end with this code even if nothing else keeps it alive.
    setTimeout(() => exit(70), FLUSH_MS);
    logger.flush();
  };
  const onException = die('uncaughtException');
  const onRejection = die('unhandledRejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}

import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS, scrubSecrets } from './redaction.js';
import { serializeError } from './serialize-error.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go (tests pass a stream and read the objects back). Default stdout. */
  destination?: DestinationStream;
  /** Human-readable lines through pino-pretty. Default: when stdout is a terminal and no destination is given. */
  pretty?: boolean;
}

/**
 * Brief's pino logger: JSON lines, secrets censored by path (`token`, `*.signingSecret`, …) and by
 * shape anywhere in the line (`xoxb-…`, `xapp-…`, also inside an error's message), pretty when a
 * person is reading a terminal.
 *
 * @example const lines: string[] = [];
 * createLogger({ level: 'info', pretty: false, destination: { write: (l: string) => void lines.push(l) } }).info({ query: 'taliban' }, 'brief sent');
 * JSON.parse(lines[0]).msg // => 'brief sent'
 * JSON.parse(lines[0]).app // => 'brief'
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const config: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'brief' },
    // Errors keep their plain data only: never a library's client object hung on them (src/log/serialize-error.ts).
    serializers: { err: serializeError },
    // describeConfig's `[set]`/`[unset]` marks are already safe and are what the README promises.
    redact: { paths: [...REDACT_PATHS], censor: (value: unknown) => (value === '[set]' || value === '[unset]' ? value : '[redacted]') },
    hooks: {
      // Scrubbed by shape as the very last step, over the whole line: messages, error messages and
      // stacks, nested fields, whatever a serializer produced.
      streamWrite: scrubSecrets,
    },
  };
  if (pretty) {
    return pino({ ...config, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' } } });
  }
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}

/**
 * The logger of the command-line tools (`npm run digest`, `npm run ingest`): JSON on stderr, so stdout
 * stays the command's output; `LOG_LEVEL` when it names a level, else `warn`; the same redaction.
 *
 * @example createCliLogger('DEBUG').level // => 'debug'
 * createCliLogger('loud').level // => 'warn'
 */
export function createCliLogger(rawLevel: string | undefined): Logger {
  const level = rawLevel?.trim().toLowerCase() ?? '';
  const known = level === 'silent' || Object.hasOwn(pino.levels.values, level);
  return createLogger({ level: known ? level : 'warn', destination: pino.destination(2) });
}

import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const TO_BOLT: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR, fatal: LogLevel.ERROR, silent: LogLevel.ERROR };

/**
 * Adapts a pino logger to the `Logger` of `@slack/logger`, so Bolt, the Web API client and Socket
 * Mode log through pino (and its redaction). Bolt's `setLevel` is ignored: the level is Brief's.
 *
 * @example const bolt = boltLogger(log); // new App({ token, signingSecret, logger: bolt })
 * bolt.warn('socket', 'reconnecting');
 * [logs.at(-1)?.component, logs.at(-1)?.msg, logs.at(-1)?.level] // => ['bolt', 'socket reconnecting', 40]
 */
export function boltLogger(log: Logger, name = 'bolt'): BoltLogger {
  let child = log.child({ component: name });
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : safeJson(m))).join(' ');
    if (err) child[level]({ err }, text);
    else child[level](text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => undefined,
    getLevel: () => TO_BOLT[log.level] ?? LogLevel.INFO,
    setName: (n: string) => {
      child = log.child({ component: n });
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

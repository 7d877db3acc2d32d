import pino from 'pino';

const MAX_DEPTH = 4;

/**
 * An error as a log field: pino's usual `type`, `message`, `stack` and own fields, keeping only plain
 * data (strings, numbers, booleans, arrays and plain objects, nested errors such as a `cause`).
 * Class instances that libraries hang on errors are dropped, never serialized: `pg` attaches the
 * `client` that failed, with its connection parameters (and password); other clients hold tokens.
 *
 * @example (serializeError(Object.assign(new Error('lost'), { code: 'E1', client: new (class Client { password = 'pw' })() })) as Record<string, unknown>).client // => undefined
 */
export function serializeError(err: unknown): unknown {
  return plain(pino.stdSerializers.err(err as Error), 0);
}

function plain(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (depth > MAX_DEPTH) return undefined;
  if (value instanceof Error) return plain(pino.stdSerializers.err(value), depth + 1);
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  // Plain: made by an object literal (or pino's serializer, whose objects inherit Object's constructor).
  const isPlain = Object.getPrototypeOf(value) === null || (value as { constructor?: unknown }).constructor === Object;
  if (!isPlain) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = plain(v, depth + 1);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}

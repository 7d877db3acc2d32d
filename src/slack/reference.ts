import { randomBytes } from 'node:crypto';

/**
 * A short reference id for a failure, shown to the user and written in the log.
 *
 * @example /^[0-9a-f]{8}$/.test(newReference()) // => true
 */
export function newReference(): string {
  return randomBytes(4).toString('hex');
}

import { randomBytes } from 'node:crypto';

/**
 * A short reference id for a failure, shown to the user and written in the log.
 *
 * @example newReference() // 'b7f3c2a9'
 */
export function newReference(): string {
  return randomBytes(4).toString('hex');
}

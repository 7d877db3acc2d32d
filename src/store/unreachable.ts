import { errorCode } from '../errors.js';

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL's SQLSTATEs for a server that is away: class 08 (connection exception) and the server
 * shutting down or starting (57P01–57P03).
 */
const SERVER_GONE = /^(08\d{3}|57P0[123])$/;

/** What `pg` says when a connection ends, or cannot be had, without a code. */
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection terminated due to connection timeout/;

/**
 * True when `err` says the database could not be reached (refused, reset, timed out, shutting
 * down), as opposed to a bug or a refused value: the caller tells the user to try again instead of
 * apologising for a fault. Follows `cause` chains.
 *
 * @example databaseUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // => true
 * @example databaseUnreachable(new Error('Connection terminated unexpectedly')) // => true
 * @example databaseUnreachable(Object.assign(new Error('duplicate key'), { code: '23505' })) // => false
 */
export function databaseUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = errorCode(e);
    if (code !== undefined && (NETWORK_CODES.has(code) || SERVER_GONE.test(code))) return true;
    if (PG_MESSAGES.test(e.message)) return true;
  }
  return false;
}

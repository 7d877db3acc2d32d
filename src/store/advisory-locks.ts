/**
 * PostgreSQL advisory-lock keys Brief takes, as the two-integer form `pg_advisory_lock(ns, id)`:
 * one namespace for Brief (the bytes of "Brf1"), so other applications sharing the database are not
 * blocked by chance, and one id per purpose. Each key is written here once.
 *
 * @example const client = await pool.connect();
 * await client.query('SELECT pg_advisory_lock($1, $2)', ADVISORY_LOCKS.migrations);
 * (await client.query('SELECT count(*)::int AS n FROM pg_locks WHERE locktype = $1 AND granted', ['advisory'])).rows // => [{ n: 1 }]
 * await client.query('SELECT pg_advisory_unlock($1, $2)', ADVISORY_LOCKS.migrations);
 * client.release();
 */
export const ADVISORY_LOCKS = {
  /** Held while the schema is migrated, so replicas starting at once migrate one after another. */
  migrations: [0x42726631, 1],
  /** Held by the leader replica for as long as it leads (on a connection of its own). */
  leader: [0x42726631, 2],
  /** Taken by each transaction that writes articles, so change numbers are committed in order. */
  articleWrites: [0x42726631, 3],
} as const satisfies Record<string, readonly [number, number]>;

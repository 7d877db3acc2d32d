import type pg from 'pg';

/**
 * Runs `work` in one transaction on a connection of the pool: committed when it resolves, rolled
 * back when it throws (and the connection discarded if even the rollback failed).
 *
 * @example await inTransaction(pool, async (client) => (await client.query("INSERT INTO notices VALUES ('T0tx', 'k', 'feed', 'x', now())")).rowCount) // => 1
 * await inTransaction(pool, async (client) => (await client.query("DELETE FROM notices WHERE team_id = 'T0tx'")).rowCount) // => 1
 * await inTransaction(pool, async () => { throw new Error('rolled back'); }).catch((err) => err.message) // => 'rolled back'
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
    throw err;
  } finally {
    client.release(broken);
  }
}

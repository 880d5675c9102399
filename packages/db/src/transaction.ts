import type pg from 'pg';
import { poolOf, type Db } from './client';

/**
 * The one way repositories run several raw statements as a unit: BEGIN on a pooled connection, COMMIT when
 * `work` resolves, ROLLBACK when it throws. Prisma-only writes use `db.$transaction` instead; raw SQL cannot
 * join a Prisma transaction, so the two never mix in one unit.
 */
export async function withTransaction<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

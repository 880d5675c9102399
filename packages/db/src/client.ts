import { PrismaPg } from '@prisma/adapter-pg';
import { env } from '@nudgeflow/config';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/**
 * Prisma stores DateTime as `timestamp(3)` without a zone, always in UTC. node-postgres would read such values
 * in the process's local zone, so raw queries on our pool parse them as UTC too. Prisma's adapter passes its
 * own parsers with every query, so this only affects raw SQL.
 */
const rawTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== 'binary') {
      return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    }
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const pools = new WeakMap<Db, pg.Pool>();

export interface CreateDbOptions {
  /** Pool size; Prisma and raw SQL share the pool. */
  max?: number;
  /** How long an interactive transaction may wait for a pooled connection before failing. */
  transactionMaxWaitMs?: number;
}

/**
 * Prisma's default of 2 s to obtain a connection for an interactive transaction fails bursts (a worker sending
 * for 50 journeys at once) that a short queue absorbs; 10 s still fails fast on a pool that is truly stuck.
 */
const DEFAULT_TRANSACTION_MAX_WAIT_MS = 10_000;

/** A Prisma client over a node-postgres pool it shares with raw SQL (see `poolOf`). */
export function createDb(databaseUrl?: string, options: CreateDbOptions = {}): Db {
  const connectionString = databaseUrl ?? env().DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set: start the dev stack or set it.');
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, types: rawTypes });
  // An idle client can lose its connection (server restart); without a listener that would crash the process.
  pool.on('error', () => {});
  const db = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: options.transactionMaxWaitMs ?? DEFAULT_TRANSACTION_MAX_WAIT_MS },
  });
  pools.set(db, pool);
  return db;
}

/**
 * The raw pool behind a client, for the few hot paths that need SQL Prisma cannot express (SKIP LOCKED
 * outbox claims, segment counts). Results of raw queries: bigint columns come back as strings.
 */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('poolOf: this client was not made by createDb');
  return pool;
}

/** One round trip to Postgres on the client's pool; rejects when the database cannot answer. */
export async function pingDatabase(db: Db): Promise<void> {
  await poolOf(db).query('SELECT 1');
}

/** Disconnects the client and ends its pool. */
export async function closeDb(db: Db): Promise<void> {
  await db.$disconnect();
  const pool = pools.get(db);
  pools.delete(db);
  if (pool && !pool.ended) await pool.end();
}

let shared: Db | undefined;

/** The process-wide client for env().DATABASE_URL. */
export function getDb(): Db {
  shared ??= createDb();
  return shared;
}

/** Closes the process-wide client (on shutdown). */
export async function closeSharedDb(): Promise<void> {
  if (!shared) return;
  const db = shared;
  shared = undefined;
  await closeDb(db);
}

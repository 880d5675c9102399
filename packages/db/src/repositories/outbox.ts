import type pg from 'pg';
import { poolOf, type Db } from '../client';

/**
 * The transactional outbox as the worker's dispatcher sees it. Writers (ingestion, `emitEvent`, segment
 * consumers) insert rows in the same transaction as the event and `NOTIFY` this channel; the dispatcher
 * claims them in id order per customer, and marks them dispatched only after Temporal accepted them.
 */
export const OUTBOX_NOTIFY_CHANNEL = 'nudgeflow_outbox';

/** What an `event` outbox row carries: enough to match triggers and wake waiting runs (see ingest.ts). */
export interface OutboxEventPayload {
  eventId: string;
  customerId: string;
  messageId: string;
  type: string;
  name: string | null;
  properties: Record<string, unknown>;
  /** ISO timestamp of the event. */
  timestamp: string;
}

export interface OutboxEntryRow {
  /** bigint as a string. */
  id: string;
  workspaceId: string;
  customerId: string;
  kind: string;
  payload: OutboxEventPayload;
  attempts: number;
}

/** Wakes dispatchers at once (delivered at commit, so call it inside the writing transaction). */
export async function notifyOutbox(client: pg.ClientBase | pg.Pool): Promise<void> {
  await client.query(`SELECT pg_notify($1, '')`, [OUTBOX_NOTIFY_CHANNEL]);
}

export interface ClaimOutboxOptions {
  limit: number;
  /** Only this workspace's rows (tests run their own dispatcher beside others). */
  workspaceId?: string;
  now?: Date;
}

/**
 * The oldest undispatched rows that may go out now, in id order. A row whose customer has an earlier row
 * still pending in backoff is left out: events of one customer reach journeys in the order they happened,
 * even while Temporal is down and some of them failed. Callers must be the scope's only dispatcher
 * (see `OutboxListener.lead`), which is what keeps this free of row locks held across network calls.
 */
export async function claimOutboxBatch(db: Db, options: ClaimOutboxOptions): Promise<OutboxEntryRow[]> {
  const now = (options.now ?? new Date()).toISOString();
  const result = await poolOf(db).query<OutboxEntryRow>(
    `SELECT o.id::text AS id, o."workspaceId", o."customerId", o.kind, o.payload, o.attempts
       FROM "OutboxEntry" o
      WHERE o."dispatchedAt" IS NULL
        AND ($3::uuid IS NULL OR o."workspaceId" = $3::uuid)
        AND NOT EXISTS (
              SELECT 1 FROM "OutboxEntry" b
               WHERE b."customerId" = o."customerId" AND b."dispatchedAt" IS NULL
                 AND b.id <= o.id AND b."availableAt" > $2::timestamp(3))
      ORDER BY o.id
      LIMIT $1`,
    [options.limit, now, options.workspaceId ?? null],
  );
  return result.rows;
}

export async function markOutboxDispatched(db: Db, ids: readonly string[], at = new Date()): Promise<void> {
  if (ids.length === 0) return;
  await poolOf(db).query(
    `UPDATE "OutboxEntry" SET "dispatchedAt" = $2::timestamp(3), attempts = attempts + 1, "lastError" = NULL
      WHERE id = ANY($1::bigint[]) AND "dispatchedAt" IS NULL`,
    [ids, at.toISOString()],
  );
}

/** Puts a row back with an error and a time before which it (and its customer's later rows) must wait. */
export async function deferOutboxEntry(db: Db, id: string, error: string, retryAt: Date): Promise<void> {
  await poolOf(db).query(
    `UPDATE "OutboxEntry" SET attempts = attempts + 1, "lastError" = $2, "availableAt" = $3::timestamp(3)
      WHERE id = $1::bigint AND "dispatchedAt" IS NULL`,
    [id, error.slice(0, 2000), retryAt.toISOString()],
  );
}

/**
 * Deletes dispatched rows older than `before`, at most `batchSize` per statement so a large backlog never
 * holds one long transaction; returns how many went. Undispatched rows are never touched. The event itself
 * stays in `Event` (deduplication and segments read that); the outbox row was only the delivery ticket, and a
 * resuming run's recovery (run-recovery.ts) reads only rows newer than what it has seen.
 */
export async function pruneDispatchedOutbox(
  db: Db,
  options: { before: Date; batchSize?: number },
): Promise<number> {
  const batchSize = options.batchSize ?? 10_000;
  let total = 0;
  for (;;) {
    const result = await poolOf(db).query(
      `DELETE FROM "OutboxEntry" WHERE id IN (
         SELECT id FROM "OutboxEntry"
          WHERE "dispatchedAt" IS NOT NULL AND "dispatchedAt" < $1::timestamp(3)
          LIMIT $2)`,
      [options.before.toISOString(), batchSize],
    );
    total += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < batchSize) return total;
  }
}

/** Undispatched rows, for health checks and tests. */
export async function countPendingOutbox(db: Db, workspaceId?: string): Promise<number> {
  const result = await poolOf(db).query<{ count: string }>(
    `SELECT count(*)::text AS count FROM "OutboxEntry" WHERE "dispatchedAt" IS NULL AND ($1::uuid IS NULL OR "workspaceId" = $1::uuid)`,
    [workspaceId ?? null],
  );
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * A dedicated connection that LISTENs for new outbox rows and holds the dispatcher's leadership lock for a
 * scope. Leadership is a session advisory lock: it is released when this connection closes, including when
 * the process dies, so a standby worker takes over on its next attempt.
 */
export interface OutboxListener {
  /** Tries to become the scope's dispatcher; true while this listener holds the lock. */
  lead(): Promise<boolean>;
  readonly leading: boolean;
  close(): Promise<void>;
}

export async function openOutboxListener(
  db: Db,
  options: { scope: string; onNotify: () => void; onError?: (error: Error) => void },
): Promise<OutboxListener> {
  const client = await poolOf(db).connect();
  let leading = false;
  let closed = false;
  client.on('notification', (message) => {
    if (message.channel === OUTBOX_NOTIFY_CHANNEL) options.onNotify();
  });
  client.on('error', (error) => options.onError?.(error));
  await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
  return {
    get leading() {
      return leading;
    },
    async lead() {
      if (leading) return true;
      const result = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtextextended('nudgeflow-dispatcher:' || $1, 0)) AS locked`,
        [options.scope],
      );
      leading = result.rows[0]?.locked === true;
      return leading;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.query(`UNLISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
        if (leading) {
          await client.query(
            `SELECT pg_advisory_unlock(hashtextextended('nudgeflow-dispatcher:' || $1, 0))`,
            [options.scope],
          );
        }
        client.release();
      } catch (error) {
        // A broken connection is destroyed rather than returned to the pool; its lock went with it.
        client.release(error as Error);
      }
      leading = false;
    },
  };
}

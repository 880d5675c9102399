import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Db } from '../client';
import { withTransaction } from '../transaction';
import { notifyOutbox, type OutboxEventPayload } from './outbox';

/**
 * Events that Nudgeflow itself produces (segment entered/exited, Back In Stock, journey API entries) and
 * the journey engine's reads of a customer's event history.
 */

export interface EmitEventInput {
  workspaceId: string;
  /** The customer must exist (Customer row); `emitEvent` does not create profiles — ingestion does. */
  customerId: string;
  /** Null only for identify/alias messages stored by ingestion. */
  name: string | null;
  properties?: Record<string, unknown>;
  /** Deduplication key within the workspace; a repeated id is stored once. Random when absent. */
  messageId?: string;
  timestamp?: Date;
  /** TRACK (and the other Segment types) for what the shop sent; INTERNAL (default) for Nudgeflow's own. */
  type?: 'TRACK' | 'IDENTIFY' | 'PAGE' | 'SCREEN' | 'GROUP' | 'ALIAS' | 'INTERNAL';
  context?: Record<string, unknown>;
}

export interface EmitEventResult {
  /** Per input, in order: the stored event id (bigint as string), or null when its messageId was a duplicate. */
  eventIds: (string | null)[];
}

function isDb(target: Db | pg.ClientBase): target is Db {
  return typeof (target as Db).$transaction === 'function';
}

/**
 * Appends events and their outbox rows in one transaction, so the dispatcher sees exactly the committed
 * events (at least once, in order per customer). Pass a `Db` to get a transaction of its own, or a pg
 * client already inside a transaction (e.g. from `withTransaction`) to make the events part of a larger
 * write — a segment consumer appending `Segment Entered` beside its membership change, the /v1 API beside
 * its profile updates. Events repeated by messageId are skipped and get no outbox row.
 */
export async function emitEvent(
  target: Db | pg.ClientBase,
  input: EmitEventInput | readonly EmitEventInput[],
): Promise<EmitEventResult> {
  const inputs = Array.isArray(input) ? (input as readonly EmitEventInput[]) : [input as EmitEventInput];
  if (inputs.length === 0) return { eventIds: [] };
  if (!isDb(target)) return emitInTransaction(target, inputs);
  return withTransaction(target, (client) => emitInTransaction(client, inputs));
}

async function emitInTransaction(
  client: pg.ClientBase,
  inputs: readonly EmitEventInput[],
): Promise<EmitEventResult> {
  const now = new Date().toISOString();
  const rows = inputs.map((event) => ({
    workspaceId: event.workspaceId,
    customerId: event.customerId,
    messageId: event.messageId ?? randomUUID(),
    type: event.type ?? 'INTERNAL',
    name: event.name,
    properties: event.properties ?? {},
    context: event.context ?? {},
    timestamp: (event.timestamp ?? new Date()).toISOString(),
  }));
  const inserted = await client.query<{ id: string; workspaceId: string; messageId: string }>(
    `INSERT INTO "Event" ("workspaceId", "customerId", "messageId", type, name, properties, context, timestamp, "receivedAt")
     SELECT "workspaceId", "customerId", "messageId", type, name, properties, context, ts, $9::timestamp(3)
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::"EventType"[], $5::text[], $6::jsonb[], $7::jsonb[], $8::timestamp(3)[])
            AS t("workspaceId", "customerId", "messageId", type, name, properties, context, ts)
     ON CONFLICT ("workspaceId", "messageId") DO NOTHING
     RETURNING id::text AS id, "workspaceId", "messageId"`,
    [
      rows.map((row) => row.workspaceId),
      rows.map((row) => row.customerId),
      rows.map((row) => row.messageId),
      rows.map((row) => row.type),
      rows.map((row) => row.name),
      rows.map((row) => JSON.stringify(row.properties)),
      rows.map((row) => JSON.stringify(row.context)),
      rows.map((row) => row.timestamp),
      now,
    ],
  );
  const idByKey = new Map(inserted.rows.map((row) => [`${row.workspaceId}:${row.messageId}`, row.id]));
  const eventIds: (string | null)[] = [];
  const outbox: { workspaceId: string; customerId: string; eventId: string; payload: OutboxEventPayload }[] =
    [];
  for (const row of rows) {
    const key = `${row.workspaceId}:${row.messageId}`;
    const eventId = idByKey.get(key) ?? null;
    // A messageId repeated inside one batch is stored once and dispatched once.
    idByKey.delete(key);
    eventIds.push(eventId);
    if (eventId === null) continue;
    outbox.push({
      workspaceId: row.workspaceId,
      customerId: row.customerId,
      eventId,
      payload: {
        eventId,
        customerId: row.customerId,
        messageId: row.messageId,
        type: row.type,
        name: row.name,
        properties: row.properties,
        timestamp: row.timestamp,
      },
    });
  }
  if (outbox.length > 0) {
    await client.query(
      `INSERT INTO "OutboxEntry" ("workspaceId", "customerId", "eventId", kind, payload, "createdAt", "availableAt")
       SELECT "workspaceId", "customerId", "eventId", 'event', payload, $5::timestamp(3), $5::timestamp(3)
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::jsonb[]) AS t("workspaceId", "customerId", "eventId", payload)`,
      [
        outbox.map((row) => row.workspaceId),
        outbox.map((row) => row.customerId),
        outbox.map((row) => row.eventId),
        outbox.map((row) => JSON.stringify(row.payload)),
        now,
      ],
    );
    await notifyOutbox(client);
  }
  return { eventIds };
}

/** The customer's latest tracked event, as sample context for template previews. */
export async function latestCustomerEvent(db: Db, input: { workspaceId: string; customerId: string }) {
  return db.event.findFirst({
    where: { workspaceId: input.workspaceId, customerId: input.customerId, type: 'TRACK' },
    orderBy: { timestamp: 'desc' },
    select: { name: true, properties: true, timestamp: true },
  });
}

/**
 * Names of the track events this workspace has received, for the canvas's event picker. A loose index scan
 * over Event (workspaceId, name, …): one index probe per distinct name, never a pass over every event.
 */
export async function listSeenEventNames(db: Db, workspaceId: string, limit = 300): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string | null }[]>`
    WITH RECURSIVE names AS (
      (SELECT "name" FROM "Event" WHERE "workspaceId" = ${workspaceId}::uuid AND "name" IS NOT NULL
       ORDER BY "name" LIMIT 1)
      UNION ALL
      SELECT (SELECT e."name" FROM "Event" e WHERE e."workspaceId" = ${workspaceId}::uuid AND e."name" > names."name"
              ORDER BY e."name" LIMIT 1)
      FROM names WHERE names."name" IS NOT NULL
    )
    SELECT "name" FROM names WHERE "name" IS NOT NULL LIMIT ${limit}`;
  return rows.flatMap((row) => (row.name ? [row.name] : []));
}

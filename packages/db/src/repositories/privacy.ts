import type { Db } from '../client';
import { customerProfileSelect } from './customers';
import { withTransaction } from '../transaction';

/**
 * Data-subject requests: everything Nudgeflow holds about one customer, exported as JSON, or deleted.
 * Deletion relies on the schema's cascades (events, identities, memberships, messages, runs, consent …);
 * outbox rows have no foreign key (they outlive nothing but must not outlive the customer), so they go
 * explicitly.
 */
export async function findCustomerIdByUserId(
  db: Db,
  workspaceId: string,
  userId: string,
): Promise<string | null> {
  const identity = await db.customerIdentity.findUnique({
    where: { workspaceId_kind_value: { workspaceId, kind: 'USER_ID', value: userId } },
    select: { customerId: true },
  });
  if (identity) return identity.customerId;
  // A profile may carry its userId with no identity row (imported customers): ingestion accepts those too.
  const customer = await db.customer.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { id: true },
  });
  return customer?.id ?? null;
}

/** Journey runs of the customer that may still be executing (their workflows must be told to exit). */
export async function listOpenRunIds(db: Db, customerId: string): Promise<string[]> {
  const runs = await db.journeyRun.findMany({
    where: { customerId, status: 'RUNNING' },
    select: { id: true },
  });
  return runs.map((run) => run.id);
}

/** Every journey run of the customer, open or finished: each is a workflow id whose executions erasure deletes. */
export async function listCustomerRunIds(db: Db, customerId: string): Promise<string[]> {
  const runs = await db.journeyRun.findMany({ where: { customerId }, select: { id: true } });
  return runs.map((run) => run.id);
}

export async function exportCustomerData(db: Db, customerId: string) {
  const customer = await db.customer.findUnique({
    where: { id: customerId },
    select: {
      ...customerProfileSelect,
      identities: { select: { kind: true, value: true, createdAt: true } },
      events: {
        orderBy: { timestamp: 'asc' },
        select: {
          messageId: true,
          type: true,
          name: true,
          properties: true,
          context: true,
          timestamp: true,
          receivedAt: true,
        },
      },
      consentChanges: {
        orderBy: { at: 'asc' },
        select: { subject: true, granted: true, source: true, at: true },
      },
      topicSubscriptions: {
        select: { subscribed: true, updatedAt: true, topic: { select: { key: true, name: true } } },
      },
      pushSubscriptions: { select: { endpoint: true, userAgent: true, createdAt: true, lastSeenAt: true } },
      segmentMemberships: {
        select: {
          inSegment: true,
          enteredAt: true,
          exitedAt: true,
          segment: { select: { id: true, name: true } },
        },
      },
      journeyRuns: {
        select: {
          id: true,
          journeyId: true,
          status: true,
          startedAt: true,
          endedAt: true,
          exitReason: true,
          convertedAt: true,
        },
      },
      messages: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          channel: true,
          status: true,
          reason: true,
          rendered: true,
          createdAt: true,
          sentAt: true,
          deliveredAt: true,
          openedAt: true,
          clickedAt: true,
          receipts: { select: { type: true, at: true } },
        },
      },
      inAppMessages: {
        select: {
          layout: true,
          content: true,
          createdAt: true,
          readAt: true,
          clickedAt: true,
          dismissedAt: true,
        },
      },
      stockAlerts: { select: { productId: true, createdAt: true, notifiedAt: true } },
    },
  });
  if (!customer) return null;
  return { exportedAt: new Date().toISOString(), customer };
}

export interface DeleteCustomerResult {
  events: number;
  messages: number;
}

/** Deletes the customer and everything that hangs off it, in one transaction. */
export async function deleteCustomerData(db: Db, customerId: string): Promise<DeleteCustomerResult | null> {
  return withTransaction(db, async (client) => {
    const locked = await client.query(`SELECT id FROM "Customer" WHERE id = $1 FOR UPDATE`, [customerId]);
    if (locked.rowCount === 0) return null;
    const counts = await client.query<{ events: string; messages: string }>(
      `SELECT (SELECT count(*) FROM "Event" WHERE "customerId" = $1) AS events,
              (SELECT count(*) FROM "MessageSend" WHERE "customerId" = $1) AS messages`,
      [customerId],
    );
    await client.query(`DELETE FROM "OutboxEntry" WHERE "customerId" = $1`, [customerId]);
    await client.query(`DELETE FROM "Customer" WHERE id = $1`, [customerId]);
    const row = counts.rows[0];
    return { events: Number(row?.events ?? 0), messages: Number(row?.messages ?? 0) };
  });
}

import type { Db } from '../client';
import { recordReceipt } from './receipts';

/**
 * Push subscriptions as the browser SDK stores them, and the receipts its service worker reports. The
 * sender loads subscriptions with the sending context (sends.ts) and drops the ones push services refuse.
 */

export interface PushSubscriptionInput {
  workspaceId: string;
  customerId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string | null;
}

/**
 * One row per browser (endpoint). A browser that re-subscribes, or whose visitor turned out to be someone
 * else, moves the row to the current customer and refreshes its keys. Returns whether the endpoint is new
 * to this customer.
 */
export async function savePushSubscription(
  db: Db,
  input: PushSubscriptionInput,
): Promise<{ id: string; isNew: boolean }> {
  const now = new Date();
  const existing = await db.pushSubscription.findUnique({
    where: { workspaceId_endpoint: { workspaceId: input.workspaceId, endpoint: input.endpoint } },
    select: { customerId: true },
  });
  const row = await db.pushSubscription.upsert({
    where: { workspaceId_endpoint: { workspaceId: input.workspaceId, endpoint: input.endpoint } },
    create: { ...input, createdAt: now, lastSeenAt: now },
    update: {
      customerId: input.customerId,
      p256dh: input.p256dh,
      auth: input.auth,
      userAgent: input.userAgent,
      lastSeenAt: now,
    },
    select: { id: true },
  });
  return { id: row.id, isNew: existing?.customerId !== input.customerId };
}

/** The browser unsubscribed itself. Returns whether a subscription was removed. */
export async function removePushSubscriptionByEndpoint(
  db: Db,
  input: { workspaceId: string; endpoint: string },
): Promise<boolean> {
  const result = await db.pushSubscription.deleteMany({
    where: { workspaceId: input.workspaceId, endpoint: input.endpoint },
  });
  return result.count > 0;
}

/**
 * A delivered/clicked report from the service worker. Only push sends of the write key's workspace count:
 * a send id from another workspace is treated as unknown. Returns false for unknown sends.
 */
export async function recordPushReceipt(
  db: Db,
  input: {
    workspaceId: string;
    sendId: string;
    type: 'delivered' | 'clicked';
    detail?: Record<string, unknown>;
  },
): Promise<boolean> {
  const send = await db.messageSend.findFirst({
    where: { id: input.sendId, workspaceId: input.workspaceId, channel: 'push' },
    select: { id: true },
  });
  if (!send) return false;
  return recordReceipt(db, {
    sendId: send.id,
    type: input.type,
    ...(input.detail ? { detail: input.detail } : {}),
  });
}

/** The push service said 404/410: the browser dropped this subscription, never use it again. */
export async function deletePushSubscription(db: Db, subscriptionId: string): Promise<void> {
  await db.pushSubscription.deleteMany({ where: { id: subscriptionId } });
}

import type { Db } from '../client';
import { toJson } from '../json';
import type { Prisma } from '../generated/prisma/client';
import { recordReceipt } from './receipts';

/** In-app messages as the sender stores them and the customer reads, clicks or dismisses them. */

export interface InAppContentRecord {
  title: string | null;
  html: string;
  imageUrl: string | null;
  actions: { title: string; url: string | null }[];
}

/** Idempotent by sendId: a retried send finds its row. */
export async function createInAppMessage(
  db: Db,
  input: {
    workspaceId: string;
    customerId: string;
    sendId: string;
    layout: 'banner' | 'modal' | 'inbox';
    content: InAppContentRecord;
    expiresAt: Date | null;
  },
): Promise<string> {
  const row = await db.inAppMessage.upsert({
    where: { sendId: input.sendId },
    create: {
      workspaceId: input.workspaceId,
      customerId: input.customerId,
      sendId: input.sendId,
      layout: input.layout,
      content: toJson(input.content),
      expiresAt: input.expiresAt,
    },
    update: {},
    select: { id: true },
  });
  return row.id;
}

const inAppSelect = {
  id: true,
  sendId: true,
  layout: true,
  content: true,
  createdAt: true,
  expiresAt: true,
  readAt: true,
  clickedAt: true,
} satisfies Prisma.InAppMessageSelect;

/** Unread, undismissed, unexpired messages for the SDK, newest first. */
export async function listUnreadInAppMessages(
  db: Db,
  input: { workspaceId: string; customerId: string; limit?: number; now?: Date },
) {
  const now = input.now ?? new Date();
  return db.inAppMessage.findMany({
    where: {
      workspaceId: input.workspaceId,
      customerId: input.customerId,
      readAt: null,
      dismissedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    orderBy: { createdAt: 'desc' },
    take: Math.min(input.limit ?? 20, 100),
    select: inAppSelect,
  });
}

type InAppAction = 'read' | 'clicked' | 'dismissed';

/**
 * Marks an in-app message read, clicked or dismissed, scoped to the customer (the SDK only knows its
 * own customer). Records an opened/clicked receipt on the send the first time. Returns false when the
 * message is not this customer's.
 */
export async function markInAppMessage(
  db: Db,
  input: { workspaceId: string; customerId: string; messageId: string; action: InAppAction; at?: Date },
): Promise<boolean> {
  const at = input.at ?? new Date();
  const message = await db.inAppMessage.findFirst({
    where: { id: input.messageId, workspaceId: input.workspaceId, customerId: input.customerId },
    select: { id: true, sendId: true, readAt: true, clickedAt: true },
  });
  if (!message) return false;
  const data =
    input.action === 'read'
      ? { readAt: message.readAt ?? at }
      : input.action === 'clicked'
        ? { clickedAt: message.clickedAt ?? at, readAt: message.readAt ?? at }
        : { dismissedAt: at, readAt: message.readAt ?? at };
  await db.inAppMessage.update({ where: { id: message.id }, data });
  const first =
    (input.action === 'read' && !message.readAt) || (input.action === 'clicked' && !message.clickedAt);
  if (message.sendId && first) {
    await recordReceipt(db, {
      sendId: message.sendId,
      type: input.action === 'read' ? 'opened' : 'clicked',
      at,
    });
  }
  return true;
}

export const markInAppMessageRead = (db: Db, input: Omit<Parameters<typeof markInAppMessage>[1], 'action'>) =>
  markInAppMessage(db, { ...input, action: 'read' });
export const markInAppMessageClicked = (
  db: Db,
  input: Omit<Parameters<typeof markInAppMessage>[1], 'action'>,
) => markInAppMessage(db, { ...input, action: 'clicked' });

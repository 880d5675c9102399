import type { Db } from '../client';
import { type Prisma } from '../generated/prisma/client';

/**
 * Send records, receipts, conversions, in-app messages, push subscriptions as the sender sees them,
 * and the development mail catcher's store.
 */

export type ReceiptKind = 'delivered' | 'opened' | 'clicked' | 'bounced' | 'unsubscribed' | 'converted';

/** Everything a send needs about the recipient and the workspace, in two queries. */
export async function loadSendingContext(db: Db, input: { workspaceId: string; customerId: string }) {
  const [workspace, customer] = await Promise.all([
    db.workspace.findUnique({
      where: { id: input.workspaceId },
      select: {
        id: true,
        timezone: true,
        defaultLocale: true,
        vapidPublicKey: true,
        vapidPrivateKey: true,
        vapidSubject: true,
        signingSecret: true,
        settings: true,
      },
    }),
    db.customer.findFirst({
      where: { id: input.customerId, workspaceId: input.workspaceId },
      select: {
        id: true,
        workspaceId: true,
        userId: true,
        email: true,
        emailOptIn: true,
        phone: true,
        smsOptIn: true,
        unsubscribedAll: true,
        timezone: true,
        locale: true,
        traits: true,
        country: true,
        lifecycleStage: true,
        orderCount: true,
        pushSubscriptions: { select: { id: true, endpoint: true, p256dh: true, auth: true } },
      },
    }),
  ]);
  if (!customer) return { workspace, customer };
  // Bounces are remembered per address (EmailDeliverability): a new address is reachable again.
  const bounced = customer.email
    ? await db.emailDeliverability.findFirst({
        where: {
          workspaceId: input.workspaceId,
          address: customer.email.toLowerCase(),
          undeliverableAt: { not: null },
        },
        select: { undeliverableReason: true },
      })
    : null;
  return {
    workspace,
    customer: {
      ...customer,
      emailUndeliverable: bounced ? (bounced.undeliverableReason ?? 'bounced') : null,
    },
  };
}

export async function findSendByKey(db: Db, idempotencyKey: string) {
  return db.messageSend.findUnique({ where: { idempotencyKey } });
}

export async function markSendSent(
  db: Db,
  sendId: string,
  input: { providerMessageId: string; rendered: unknown; at?: Date },
): Promise<void> {
  await db.messageSend.update({
    where: { id: sendId },
    data: {
      status: 'SENT',
      sentAt: input.at ?? new Date(),
      providerMessageId: input.providerMessageId,
      rendered: toJson(input.rendered),
    },
  });
}

/** Prefix of `reason` on a PENDING record whose provider call is known not to have delivered. */
export const KNOWN_UNSENT_PREFIX = 'retry:';

/** The provider failed in a retryable way: the record stays PENDING and a retry may send again. */
export async function markSendUnsent(db: Db, sendId: string, reason: string): Promise<void> {
  await db.messageSend.update({
    where: { id: sendId },
    data: { reason: `${KNOWN_UNSENT_PREFIX} ${reason}`.slice(0, 2000) },
  });
}

export async function markSendFailed(db: Db, sendId: string, reason: string): Promise<void> {
  await db.messageSend.update({ where: { id: sendId }, data: { status: 'FAILED', reason } });
}

/**
 * Records that nothing was sent for this key, with every channel's reason. Creates the record, or turns
 * a PENDING one (whose channel just failed permanently) into SKIPPED.
 */
export async function recordSkippedSend(
  db: Db,
  input: {
    idempotencyKey: string;
    workspaceId: string;
    customerId: string;
    runId: string | null;
    journeyId: string | null;
    nodeId: string | null;
    skipped: { channel: string; reason: string }[];
  },
): Promise<string> {
  const reason = input.skipped
    .map((skip) => `${skip.channel}: ${skip.reason}`)
    .join('; ')
    .slice(0, 2000);
  const record = await db.messageSend.upsert({
    where: { idempotencyKey: input.idempotencyKey },
    create: {
      idempotencyKey: input.idempotencyKey,
      workspaceId: input.workspaceId,
      customerId: input.customerId,
      runId: input.runId,
      journeyId: input.journeyId,
      nodeId: input.nodeId,
      channel: input.skipped[0]?.channel ?? 'none',
      status: 'SKIPPED',
      reason,
      skipped: toJson(input.skipped),
    },
    update: { status: 'SKIPPED', reason, skipped: toJson(input.skipped) },
    select: { id: true },
  });
  return record.id;
}

const RECEIPT_TIMESTAMP: Partial<
  Record<ReceiptKind, 'deliveredAt' | 'openedAt' | 'clickedAt' | 'convertedAt'>
> = {
  delivered: 'deliveredAt',
  opened: 'openedAt',
  clicked: 'clickedAt',
  converted: 'convertedAt',
};

/**
 * Appends a receipt and stamps the first time of it on the send (later receipts of the same kind keep
 * the first time). A click implies an open: image blocking hides many opens. Unknown send ids are ignored
 * (links may outlive a deleted customer): returns false.
 */
export async function recordReceipt(
  db: Db,
  input: { sendId: string; type: ReceiptKind; detail?: Record<string, unknown>; at?: Date },
): Promise<boolean> {
  const at = input.at ?? new Date();
  const send = await db.messageSend.findUnique({ where: { id: input.sendId }, select: { id: true } });
  if (!send) return false;
  await db.messageReceipt.create({
    data: { sendId: input.sendId, type: input.type, detail: toJson(input.detail ?? {}), at },
  });
  const stamps: ('deliveredAt' | 'openedAt' | 'clickedAt' | 'convertedAt')[] = [];
  const stamp = RECEIPT_TIMESTAMP[input.type];
  if (stamp) stamps.push(stamp);
  if (input.type === 'clicked') stamps.push('openedAt');
  for (const field of stamps) {
    await db.messageSend.updateMany({ where: { id: input.sendId, [field]: null }, data: { [field]: at } });
  }
  if (input.type === 'delivered') {
    await db.messageSend.updateMany({
      where: { id: input.sendId, status: 'SENT' },
      data: { status: 'DELIVERED' },
    });
  }
  if (input.type === 'bounced') {
    await db.messageSend.update({
      where: { id: input.sendId },
      data: { status: 'FAILED', reason: 'bounced' },
    });
  }
  return true;
}

/**
 * A goal event counts as the conversion of the latest message sent to the customer within the
 * attribution window before it (last touch), optionally only messages of one journey. Each send
 * converts at most once. Returns the converted send's id, or null when no message qualifies.
 */
export async function recordConversion(
  db: Db,
  input: {
    workspaceId: string;
    customerId: string;
    eventName: string;
    at: Date;
    journeyId?: string;
    windowHours: number;
  },
): Promise<string | null> {
  const since = new Date(input.at.getTime() - input.windowHours * 3600_000);
  return db.$transaction(async (tx) => {
    const send = await tx.messageSend.findFirst({
      where: {
        workspaceId: input.workspaceId,
        customerId: input.customerId,
        status: { in: ['SENT', 'DELIVERED'] },
        sentAt: { gte: since, lte: input.at },
        convertedAt: null,
        channel: { not: 'webhook' },
        ...(input.journeyId ? { journeyId: input.journeyId } : {}),
      },
      orderBy: { sentAt: 'desc' },
      select: { id: true },
    });
    if (!send) return null;
    const updated = await tx.messageSend.updateMany({
      where: { id: send.id, convertedAt: null },
      data: { convertedAt: input.at },
    });
    if (updated.count === 0) return null;
    await tx.messageReceipt.create({
      data: { sendId: send.id, type: 'converted', detail: { event: input.eventName }, at: input.at },
    });
    return send.id;
  });
}

// ───────────── Push subscriptions ─────────────

/** The push service said 404/410: the browser dropped this subscription, never use it again. */
export async function deletePushSubscription(db: Db, subscriptionId: string): Promise<void> {
  await db.pushSubscription.deleteMany({ where: { id: subscriptionId } });
}

// ───────────── In-app messages ─────────────

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

/** Inbox view: recent messages read or not. */
export async function listInAppInbox(
  db: Db,
  input: { workspaceId: string; customerId: string; limit?: number },
) {
  return db.inAppMessage.findMany({
    where: { workspaceId: input.workspaceId, customerId: input.customerId, dismissedAt: null },
    orderBy: { createdAt: 'desc' },
    take: Math.min(input.limit ?? 50, 200),
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

// ───────────── Catalog, for product blocks ─────────────

export async function findProducts(db: Db, input: { workspaceId: string; ids: string[] }) {
  if (input.ids.length === 0) return [];
  return db.product.findMany({
    where: { workspaceId: input.workspaceId, id: { in: input.ids.slice(0, 50) } },
    select: {
      id: true,
      name: true,
      price: true,
      currency: true,
      imageUrl: true,
      url: true,
      stock: true,
      category: true,
    },
  });
}

/** The customer's latest tracked event, as sample context for template previews. */
export async function latestCustomerEvent(db: Db, input: { workspaceId: string; customerId: string }) {
  return db.event.findFirst({
    where: { workspaceId: input.workspaceId, customerId: input.customerId, type: 'TRACK' },
    orderBy: { timestamp: 'desc' },
    select: { name: true, properties: true, timestamp: true },
  });
}

// ───────────── Development mail catcher ─────────────

export async function saveCaughtEmail(
  db: Db,
  input: {
    workspaceId: string | null;
    messageId: string | null;
    from: string;
    to: string[];
    subject: string;
    html: string | null;
    text: string | null;
    headers: Record<string, string>;
    sizeBytes: number;
  },
): Promise<string> {
  const row = await db.caughtEmail.create({
    data: { ...input, headers: toJson(input.headers) },
    select: { id: true },
  });
  return row.id;
}

export async function listCaughtEmails(db: Db, input: { workspaceId?: string; limit?: number } = {}) {
  return db.caughtEmail.findMany({
    where: input.workspaceId ? { workspaceId: input.workspaceId } : {},
    orderBy: { receivedAt: 'desc' },
    take: Math.min(input.limit ?? 50, 500),
  });
}

/** What a mailbox list shows: no bodies, so a page of large mails stays small. */
const caughtEmailSummarySelect = {
  id: true,
  from: true,
  to: true,
  subject: true,
  sizeBytes: true,
  receivedAt: true,
} satisfies Prisma.CaughtEmailSelect;

/**
 * One workspace's caught mail, newest first, keyset-paged by (receivedAt, id). Rows belong to a workspace
 * through the X-Nudgeflow-Workspace header the email channel puts on every message; mail without it
 * (other senders on the same catcher) belongs to no workspace and is never listed here.
 */
export async function listWorkspaceCaughtEmails(
  db: Db,
  input: { workspaceId: string; cursor?: string; limit?: number },
) {
  const take = Math.min(input.limit ?? 50, 200);
  const rows = await db.caughtEmail.findMany({
    where: { workspaceId: input.workspaceId },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: take + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: caughtEmailSummarySelect,
  });
  const items = rows.slice(0, take);
  return { items, nextCursor: rows.length > take ? (items.at(-1)?.id ?? null) : null };
}

/** One caught mail with its bodies and headers, only if it belongs to the workspace. */
export async function findCaughtEmail(db: Db, input: { workspaceId: string; id: string }) {
  return db.caughtEmail.findFirst({ where: { id: input.id, workspaceId: input.workspaceId } });
}

function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}

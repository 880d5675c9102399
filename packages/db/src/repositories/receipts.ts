import type { Db } from '../client';
import { toJson } from '../json';

/** What happened to a message after it was sent: receipts from providers and the SDK, and conversions. */

export type ReceiptKind = 'delivered' | 'opened' | 'clicked' | 'bounced' | 'unsubscribed' | 'converted';

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
    /** Channels a conversion is never credited to (the channel registry's `uncreditedChannelIds`). */
    uncreditedChannels: readonly string[];
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
        channel: { notIn: [...input.uncreditedChannels] },
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

import type { Db } from '../client';
import { secretContext } from '../reseal';
import { openSecret } from '../secret-box';
import { type Prisma } from '../generated/prisma/client';

/**
 * Delivery feedback that arrives after (or instead of) a send: email bounces (at SMTP time or as DSN
 * reports) and SMS status callbacks. Bounces are remembered per address in EmailDeliverability.
 */

/** Why mail to this address is not sent any more, or null when it may be. */
export async function emailUndeliverableReason(
  db: Db,
  input: { workspaceId: string; address: string },
): Promise<string | null> {
  const row = await db.emailDeliverability.findUnique({
    where: { workspaceId_address: { workspaceId: input.workspaceId, address: input.address.toLowerCase() } },
    select: { undeliverableAt: true, undeliverableReason: true },
  });
  return row?.undeliverableAt ? (row.undeliverableReason ?? 'bounced') : null;
}

/** The send an email bounce names (by its VERP return path), with what checking the address needs. */
export async function findEmailSend(db: Db, sendId: string) {
  const send = await db.messageSend.findUnique({
    where: { id: sendId },
    select: {
      id: true,
      workspaceId: true,
      channel: true,
      status: true,
      customer: {
        select: { email: true, workspace: { select: { id: true, signingSecretSealed: true } } },
      },
    },
  });
  if (!send) return null;
  const { workspace, ...customer } = send.customer;
  const signingSecret = openSecret(workspace.signingSecretSealed, secretContext.signingSecret(workspace.id));
  return { ...send, customer: { ...customer, workspace: { signingSecret } } };
}

export interface EmailBounceInput {
  workspaceId: string;
  /** The send it answers; null when the bounce names no send of ours. */
  sendId: string | null;
  address: string;
  kind: 'hard' | 'soft';
  /** Status code and diagnostic, e.g. "5.1.1 550 No such user". */
  reason: string;
  detail: Record<string, unknown>;
  /** Soft bounces in a row that make an address undeliverable. */
  softBounceLimit: number;
  /**
   * The send was already SENT (an asynchronous DSN): it becomes FAILED. At send time it is still
   * PENDING and the sender decides what happens to it (the next channel may take it over).
   */
  failSend: boolean;
  at?: Date;
}

export interface EmailBounceResult {
  /** False when this send's bounce was already recorded (a DSN delivered twice). */
  recorded: boolean;
  undeliverable: boolean;
  softBounceStreak: number;
}

/**
 * Records a bounce: a `bounced` receipt on the send (once per send), and the address's standing. A hard
 * bounce makes the address undeliverable at once; a soft one adds to its streak, which restarts when the
 * address showed signs of life (a delivered, opened or clicked receipt) since the previous bounce.
 */
export async function recordEmailBounce(db: Db, input: EmailBounceInput): Promise<EmailBounceResult> {
  const at = input.at ?? new Date();
  const address = input.address.toLowerCase();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`bounce:${input.workspaceId}:${address}`}))`;
    const before = await tx.emailDeliverability.findUnique({
      where: { workspaceId_address: { workspaceId: input.workspaceId, address } },
    });
    if (input.sendId) {
      const already = await tx.messageReceipt.findFirst({
        where: { sendId: input.sendId, type: 'bounced' },
        select: { id: true },
      });
      if (already) {
        return {
          recorded: false,
          undeliverable: Boolean(before?.undeliverableAt),
          softBounceStreak: before?.softBounceStreak ?? 0,
        };
      }
      await tx.messageReceipt.create({
        data: {
          sendId: input.sendId,
          type: 'bounced',
          detail: {
            channel: 'email',
            kind: input.kind,
            address,
            reason: input.reason,
            ...input.detail,
          } as Prisma.InputJsonValue,
          at,
        },
      });
      if (input.failSend) {
        await tx.messageSend.update({
          where: { id: input.sendId },
          data: { status: 'FAILED', reason: `bounced (${input.kind}): ${input.reason}`.slice(0, 2000) },
        });
      }
    }
    let streak = input.kind === 'soft' ? 1 : (before?.softBounceStreak ?? 0);
    if (input.kind === 'soft' && before) {
      // Through the customers with this address and their email sends (both indexed), never a scan
      // of all receipts by time.
      const customers = before.lastBounceAt
        ? await tx.customer.findMany({
            where: { workspaceId: input.workspaceId, email: { equals: address, mode: 'insensitive' } },
            select: { id: true },
          })
        : [];
      const sends = customers.length
        ? await tx.messageSend.findMany({
            where: { customerId: { in: customers.map((customer) => customer.id) }, channel: 'email' },
            select: { id: true },
          })
        : [];
      const alive =
        before.lastBounceAt && sends.length
          ? await tx.messageReceipt.findFirst({
              where: {
                sendId: { in: sends.map((send) => send.id) },
                type: { in: ['delivered', 'opened', 'clicked'] },
                at: { gt: before.lastBounceAt },
              },
              select: { id: true },
            })
          : null;
      streak = alive ? 1 : before.softBounceStreak + 1;
    }
    const undeliverableNow =
      !before?.undeliverableAt && (input.kind === 'hard' || streak >= input.softBounceLimit);
    const reason =
      input.kind === 'hard'
        ? `hard bounce: ${input.reason}`
        : `${streak} soft bounces in a row, the last: ${input.reason}`;
    const row = await tx.emailDeliverability.upsert({
      where: { workspaceId_address: { workspaceId: input.workspaceId, address } },
      create: {
        workspaceId: input.workspaceId,
        address,
        softBounceStreak: streak,
        lastBounceAt: at,
        ...(undeliverableNow ? { undeliverableAt: at, undeliverableReason: reason.slice(0, 500) } : {}),
      },
      update: {
        softBounceStreak: streak,
        lastBounceAt: at,
        ...(undeliverableNow ? { undeliverableAt: at, undeliverableReason: reason.slice(0, 500) } : {}),
      },
    });
    return { recorded: true, undeliverable: Boolean(row.undeliverableAt), softBounceStreak: streak };
  });
}

/** A delivery report said the message arrived: the address's soft-bounce streak restarts. */
export async function recordEmailDelivered(
  db: Db,
  input: { workspaceId: string; sendId: string | null; address: string; at?: Date },
): Promise<void> {
  const at = input.at ?? new Date();
  await db.emailDeliverability.updateMany({
    where: { workspaceId: input.workspaceId, address: input.address.toLowerCase() },
    data: { softBounceStreak: 0 },
  });
  if (!input.sendId) return;
  const already = await db.messageReceipt.findFirst({
    where: { sendId: input.sendId, type: 'delivered' },
    select: { id: true },
  });
  if (already) return;
  await db.messageReceipt.create({
    data: { sendId: input.sendId, type: 'delivered', detail: { channel: 'email' }, at },
  });
  await db.messageSend.updateMany({
    where: { id: input.sendId, status: 'SENT' },
    data: { status: 'DELIVERED', deliveredAt: at },
  });
}

export type SmsDeliveryStatus = 'delivered' | 'undelivered' | 'failed';

/**
 * An SMS provider's status callback for a message it accepted (Twilio's MessageStatus): `delivered`
 * adds a `delivered` receipt and marks the send DELIVERED; `undelivered`/`failed` add a `bounced` receipt
 * and mark it FAILED with the provider's error code. Repeated callbacks add nothing. Returns false when
 * no SMS send of the workspace has that provider id.
 */
export async function recordSmsDeliveryStatus(
  db: Db,
  input: {
    workspaceId: string;
    providerMessageId: string;
    status: SmsDeliveryStatus;
    errorCode: string | null;
    at?: Date;
  },
): Promise<boolean> {
  const at = input.at ?? new Date();
  const send = await db.messageSend.findFirst({
    where: { workspaceId: input.workspaceId, providerMessageId: input.providerMessageId, channel: 'sms' },
    select: { id: true },
  });
  if (!send) return false;
  const type = input.status === 'delivered' ? 'delivered' : 'bounced';
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`receipt:${send.id}`}))`;
    const already = await tx.messageReceipt.findFirst({
      where: { sendId: send.id, type },
      select: { id: true },
    });
    if (already) return;
    await tx.messageReceipt.create({
      data: {
        sendId: send.id,
        type,
        detail: { channel: 'sms', status: input.status, errorCode: input.errorCode },
        at,
      },
    });
    if (type === 'delivered') {
      await tx.messageSend.updateMany({
        where: { id: send.id, status: 'SENT' },
        data: { status: 'DELIVERED', deliveredAt: at },
      });
    } else {
      await tx.messageSend.update({
        where: { id: send.id },
        data: {
          status: 'FAILED',
          reason: `sms ${input.status}${input.errorCode ? ` (error ${input.errorCode})` : ''}`,
        },
      });
    }
  });
  return true;
}

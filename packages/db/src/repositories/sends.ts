import type { Db } from '../client';
import { toJson } from '../json';
import { customerProfileSelect } from './customers';
import { emailUndeliverableReason } from './deliverability';
import {
  openChannelSettingsRows,
  openWorkspaceSecrets,
  type SealedWorkspaceSecrets,
} from './workspace-secrets';

/**
 * Send records as the sender writes them: what a send needs to know, then the record's way from PENDING
 * to SENT, FAILED or SKIPPED. Claiming a record under consent and caps is governance.ts's.
 */

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
        vapidPrivateKeySealed: true,
        vapidSubject: true,
        signingSecretSealed: true,
        settings: true,
        channelSettings: { select: { workspaceId: true, channel: true, settings: true, secrets: true } },
      },
    }),
    db.customer.findFirst({
      where: { id: input.customerId, workspaceId: input.workspaceId },
      select: {
        ...customerProfileSelect,
        workspaceId: true,
        pushSubscriptions: { select: { id: true, endpoint: true, p256dh: true, auth: true } },
      },
    }),
  ]);
  const opened = workspace && openSendingWorkspace(workspace);
  if (!customer) return { workspace: opened, customer };
  // Bounces are remembered per address (EmailDeliverability): a new address is reachable again.
  const emailUndeliverable = customer.email
    ? await emailUndeliverableReason(db, { workspaceId: input.workspaceId, address: customer.email })
    : null;
  return { workspace: opened, customer: { ...customer, emailUndeliverable } };
}

/** The sealed columns swapped for their opened values, and the channel settings merged per channel. */
function openSendingWorkspace<
  W extends SealedWorkspaceSecrets & {
    channelSettings: { workspaceId: string; channel: string; settings: unknown; secrets: unknown }[];
  },
>(workspace: W) {
  const { signingSecretSealed: _s, vapidPrivateKeySealed: _v, channelSettings, ...rest } = workspace;
  return {
    ...rest,
    ...openWorkspaceSecrets(workspace),
    channels: openChannelSettingsRows(channelSettings),
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

/** What names a send record: its idempotency key and where it came from (null outside a journey). */
export interface SendKey {
  idempotencyKey: string;
  workspaceId: string;
  customerId: string;
  runId: string | null;
  journeyId: string | null;
  nodeId: string | null;
}

/** Just the key fields of `input`, as the record's columns. */
export function sendKeyColumns(input: SendKey): SendKey {
  const { idempotencyKey, workspaceId, customerId, runId, journeyId, nodeId } = input;
  return { idempotencyKey, workspaceId, customerId, runId, journeyId, nodeId };
}

/** A channel passed over for a send, and why. */
export interface SkippedChannel {
  channel: string;
  reason: string;
}

/**
 * Records that nothing was sent for this key, with every channel's reason. Creates the record, or turns
 * a PENDING one (whose channel just failed permanently) into SKIPPED.
 */
export async function recordSkippedSend(
  db: Db,
  input: SendKey & { skipped: SkippedChannel[] },
): Promise<string> {
  const reason = input.skipped
    .map((skip) => `${skip.channel}: ${skip.reason}`)
    .join('; ')
    .slice(0, 2000);
  const record = await db.messageSend.upsert({
    where: { idempotencyKey: input.idempotencyKey },
    create: {
      ...sendKeyColumns(input),
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

import { randomUUID } from 'node:crypto';
import type { Db } from '../client';
import { type Prisma } from '../generated/prisma/client';
import { toJson } from '../json';
import { sendRefusal, topicSubscription, type ChannelConsent, type SendRefusal } from '../policy/consent';
import { capRefusal, capWindowStart, type SendCap } from '../policy/send-caps';
import { sendKeyColumns, type SendKey, type SkippedChannel } from './sends';

/**
 * Consent and frequency caps, checked and reserved atomically at send time.
 *
 * Every claim for a customer runs under `pg_advisory_xact_lock(hashtext(customerId))`, so concurrent
 * journeys messaging the same customer serialise on that customer only: the consent read, the cap count
 * and the insert of the PENDING send record happen as one step, and the next claim sees the record.
 * PENDING records count toward caps, so an in-flight send cannot be overtaken.
 */

export interface ClaimSendInput extends SendKey {
  channel: string;
  templateId: string | null;
  topicKey: string;
  consent: ChannelConsent;
  caps: SendCap[];
  /** Channels whose sends an "all" cap does not count (their descriptors say countsTowardCaps: false). */
  uncountedChannels: string[];
  /** Channels passed over so far, stored with the record. */
  skipped: SkippedChannel[];
  /**
   * The channel whose attempt just failed permanently in this same call: its PENDING record is taken
   * over for the next channel instead of being treated as someone else's send.
   */
  takeOverFrom?: string;
  now?: Date;
}

export type ClaimSendResult =
  | { kind: 'claimed'; sendId: string }
  | { kind: 'existing'; send: ExistingSend }
  | ({ kind: 'refused' } & SendRefusal);

export interface ExistingSend {
  id: string;
  channel: string;
  status: 'PENDING' | 'SENT' | 'DELIVERED' | 'FAILED' | 'SKIPPED';
  reason: string | null;
  skipped: unknown;
  createdAt: Date;
  providerMessageId: string | null;
}

export async function claimSend(db: Db, input: ClaimSendInput): Promise<ClaimSendResult> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${input.customerId}))`;
    const existing = await tx.messageSend.findUnique({
      where: { idempotencyKey: input.idempotencyKey },
      select: {
        id: true,
        channel: true,
        status: true,
        reason: true,
        skipped: true,
        createdAt: true,
        providerMessageId: true,
      },
    });
    const takingOver =
      existing !== null && existing.status === 'PENDING' && existing.channel === input.takeOverFrom;
    if (existing && !takingOver) return { kind: 'existing', send: existing };

    const refusal = await consentRefusal(tx, input);
    if (refusal) return { kind: 'refused', ...refusal };

    for (const cap of input.caps) {
      const count = await tx.messageSend.count({
        where: {
          customerId: input.customerId,
          status: { in: ['PENDING', 'SENT', 'DELIVERED'] },
          createdAt: { gt: capWindowStart(cap, now) },
          channel: cap.channel === 'all' ? { notIn: input.uncountedChannels } : cap.channel,
          ...(takingOver && existing ? { id: { not: existing.id } } : {}),
        },
      });
      const capped = capRefusal(cap, count);
      if (capped) return { kind: 'refused', ...capped };
    }

    const record = {
      channel: input.channel,
      templateId: input.templateId,
      skipped: toJson(input.skipped),
      status: 'PENDING' as const,
      reason: null,
      createdAt: now,
    };
    if (takingOver && existing) {
      await tx.messageSend.update({ where: { id: existing.id }, data: record });
      return { kind: 'claimed', sendId: existing.id };
    }
    const sendId = randomUUID();
    await tx.messageSend.create({
      data: {
        id: sendId,
        ...sendKeyColumns(input),
        ...record,
      },
    });
    return { kind: 'claimed', sendId };
  });
}

/** Reads what the consent rules (policy/consent.ts) decide on, inside the claim's transaction. */
async function consentRefusal(
  tx: Prisma.TransactionClient,
  input: ClaimSendInput,
): Promise<SendRefusal | null> {
  const customer = await tx.customer.findFirst({
    where: { id: input.customerId, workspaceId: input.workspaceId },
    select: { unsubscribedAll: true, emailOptIn: true, email: true, smsOptIn: true, phone: true },
  });
  // The topic is looked up (and created when new) only for a customer who may get messages at all.
  const subscribedToTopic =
    customer !== null && !customer.unsubscribedAll
      ? await isSubscribedToTopic(tx, input.workspaceId, input.customerId, input.topicKey)
      : false;
  const pushSubscriptions =
    customer !== null && input.consent === 'push'
      ? await tx.pushSubscription.count({ where: { customerId: input.customerId } })
      : 0;
  return sendRefusal({
    customer,
    topicKey: input.topicKey,
    subscribedToTopic,
    consent: input.consent,
    pushSubscriptions,
  });
}

/**
 * The customer's subscription to a topic (policy/consent.ts `topicSubscription`). A topic key used by a
 * journey but never set up is created opt-out, so the preferences page lists it and the customer can leave it.
 */
export async function isSubscribedToTopic(
  db: Db | Prisma.TransactionClient,
  workspaceId: string,
  customerId: string,
  topicKey: string,
): Promise<boolean> {
  const topic = await ensureTopic(db, workspaceId, topicKey);
  const subscription = await db.topicSubscription.findUnique({
    where: { customerId_topicId: { customerId, topicId: topic.id } },
    select: { subscribed: true },
  });
  return topicSubscription(subscription?.subscribed, topic.defaultSubscribed);
}

export async function ensureTopic(
  db: Db | Prisma.TransactionClient,
  workspaceId: string,
  key: string,
): Promise<{ id: string; defaultSubscribed: boolean }> {
  const found = await db.topic.findUnique({
    where: { workspaceId_key: { workspaceId, key } },
    select: { id: true, defaultSubscribed: true },
  });
  if (found) return found;
  // ON CONFLICT: two sends may create the same topic at once.
  await db.$executeRaw`
    INSERT INTO "Topic" (id, "workspaceId", key, name, "defaultSubscribed", "createdAt")
    VALUES (${randomUUID()}::uuid, ${workspaceId}::uuid, ${key}, ${key}, true, now())
    ON CONFLICT ("workspaceId", key) DO NOTHING`;
  return db.topic.findUniqueOrThrow({
    where: { workspaceId_key: { workspaceId, key } },
    select: { id: true, defaultSubscribed: true },
  });
}

export type ConsentSource =
  'unsubscribe-link' | 'one-click' | 'preferences-page' | 'sms-stop' | 'sms-start' | 'api' | 'complaint';

/** Opts a customer out of one topic, or of everything ("all"), recording the change with its source. */
export async function unsubscribeCustomer(
  db: Db,
  input: { workspaceId: string; customerId: string; topicKey: string | 'all'; source: ConsentSource },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${input.customerId}))`;
    if (input.topicKey === 'all') {
      const { count } = await tx.customer.updateMany({
        where: { id: input.customerId, workspaceId: input.workspaceId },
        data: { unsubscribedAll: true },
      });
      if (count === 0) return; // not a customer of this workspace: record nothing about it
      await tx.consentChange.create({
        data: { customerId: input.customerId, subject: 'all', granted: false, source: input.source },
      });
      return;
    }
    await setTopicSubscriptionIn(tx, { ...input, topicKey: input.topicKey, subscribed: false });
  });
}

/** A customer's choice for one topic, and where it was made. */
export interface TopicSubscriptionChange {
  workspaceId: string;
  customerId: string;
  topicKey: string;
  subscribed: boolean;
  source: ConsentSource;
}

export async function setTopicSubscription(db: Db, input: TopicSubscriptionChange): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${input.customerId}))`;
    await setTopicSubscriptionIn(tx, input);
  });
}

async function setTopicSubscriptionIn(
  tx: Prisma.TransactionClient,
  input: TopicSubscriptionChange,
): Promise<void> {
  // The customer id comes from a signed link or a caller: a customer of another workspace gets nothing
  // written about it (its topic subscriptions and consent log belong to that workspace).
  const customer = await tx.customer.findFirst({
    where: { id: input.customerId, workspaceId: input.workspaceId },
    select: { id: true },
  });
  if (!customer) return;
  const topic = await ensureTopic(tx, input.workspaceId, input.topicKey);
  await tx.topicSubscription.upsert({
    where: { customerId_topicId: { customerId: input.customerId, topicId: topic.id } },
    create: { customerId: input.customerId, topicId: topic.id, subscribed: input.subscribed },
    update: { subscribed: input.subscribed },
  });
  await tx.consentChange.create({
    data: {
      customerId: input.customerId,
      subject: `topic:${input.topicKey}`,
      granted: input.subscribed,
      source: input.source,
    },
  });
}

/** The preferences page: every topic with whether this customer gets it. */
export async function customerPreferences(
  db: Db,
  input: { workspaceId: string; customerId: string },
): Promise<{
  unsubscribedAll: boolean;
  topics: { key: string; name: string; subscribed: boolean }[];
} | null> {
  const customer = await db.customer.findFirst({
    where: { id: input.customerId, workspaceId: input.workspaceId },
    select: { unsubscribedAll: true, topicSubscriptions: { select: { topicId: true, subscribed: true } } },
  });
  if (!customer) return null;
  const topics = await db.topic.findMany({
    where: { workspaceId: input.workspaceId },
    orderBy: { name: 'asc' },
    select: { id: true, key: true, name: true, defaultSubscribed: true },
  });
  const chosen = new Map(customer.topicSubscriptions.map((s) => [s.topicId, s.subscribed]));
  return {
    unsubscribedAll: customer.unsubscribedAll,
    topics: topics.map((t) => ({
      key: t.key,
      name: t.name,
      subscribed: topicSubscription(chosen.get(t.id), t.defaultSubscribed),
    })),
  };
}

/** Re-subscribes a customer who had unsubscribed from everything (from the preferences page). */
export async function resubscribeCustomer(
  db: Db,
  input: { workspaceId: string; customerId: string; source: ConsentSource },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${input.customerId}))`;
    const { count } = await tx.customer.updateMany({
      where: { id: input.customerId, workspaceId: input.workspaceId },
      data: { unsubscribedAll: false },
    });
    if (count === 0) return; // not a customer of this workspace: record nothing about it
    await tx.consentChange.create({
      data: { customerId: input.customerId, subject: 'all', granted: true, source: input.source },
    });
  });
}

/**
 * Inbound SMS keywords (CTIA): STOP and synonyms opt out of SMS, START/UNSTOP opt back in. Applies to
 * every customer of the workspace with that phone number. Returns how many customers changed.
 */
export async function setSmsConsentByPhone(
  db: Db,
  input: { workspaceId: string; phone: string; granted: boolean; source: ConsentSource },
): Promise<number> {
  return db.$transaction(async (tx) => {
    const customers = await tx.customer.findMany({
      where: { workspaceId: input.workspaceId, phone: input.phone, smsOptIn: !input.granted },
      select: { id: true },
    });
    for (const customer of customers) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${customer.id}))`;
      await tx.customer.update({ where: { id: customer.id }, data: { smsOptIn: input.granted } });
      await tx.consentChange.create({
        data: { customerId: customer.id, subject: 'sms', granted: input.granted, source: input.source },
      });
    }
    return customers.length;
  });
}

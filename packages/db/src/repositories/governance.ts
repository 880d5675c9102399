import { randomUUID } from 'node:crypto';
import type { Db } from '../client';
import { type Prisma } from '../generated/prisma/client';

/**
 * Consent and frequency caps, checked and reserved atomically at send time.
 *
 * Every claim for a customer runs under `pg_advisory_xact_lock(hashtext(customerId))`, so concurrent
 * journeys messaging the same customer serialise on that customer only: the consent read, the cap count
 * and the insert of the PENDING send record happen as one step, and the next claim sees the record.
 * PENDING records count toward caps, so an in-flight send cannot be overtaken.
 */

/** Channel opt-in a send needs besides topic consent. */
export type ChannelConsent = 'email' | 'sms' | 'push' | 'none';

export interface SendCap {
  /** "all" (every customer-facing channel) or a channel id. */
  channel: string;
  max: number;
  windowHours: number;
}

export interface ClaimSendInput {
  idempotencyKey: string;
  workspaceId: string;
  customerId: string;
  runId: string | null;
  journeyId: string | null;
  nodeId: string | null;
  channel: string;
  templateId: string | null;
  topicKey: string;
  consent: ChannelConsent;
  caps: SendCap[];
  /** Channels whose sends an "all" cap does not count (their descriptors say countsTowardCaps: false). */
  uncountedChannels: string[];
  /** Channels passed over so far, stored with the record. */
  skipped: { channel: string; reason: string }[];
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
  | { kind: 'refused'; reason: string; scope: 'customer' | 'channel' };

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
      const since = new Date(now.getTime() - cap.windowHours * 3600_000);
      const count = await tx.messageSend.count({
        where: {
          customerId: input.customerId,
          status: { in: ['PENDING', 'SENT', 'DELIVERED'] },
          createdAt: { gt: since },
          channel: cap.channel === 'all' ? { notIn: input.uncountedChannels } : cap.channel,
          ...(takingOver && existing ? { id: { not: existing.id } } : {}),
        },
      });
      if (count >= cap.max) {
        const what = cap.channel === 'all' ? 'messages' : `${cap.channel} messages`;
        return {
          kind: 'refused',
          reason: `frequency cap: at most ${cap.max} ${what} per ${describeWindow(cap.windowHours)}`,
          scope: cap.channel === 'all' ? 'customer' : 'channel',
        };
      }
    }

    const record = {
      channel: input.channel,
      templateId: input.templateId,
      skipped: input.skipped as Prisma.InputJsonValue,
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
        idempotencyKey: input.idempotencyKey,
        workspaceId: input.workspaceId,
        customerId: input.customerId,
        runId: input.runId,
        journeyId: input.journeyId,
        nodeId: input.nodeId,
        ...record,
      },
    });
    return { kind: 'claimed', sendId };
  });
}

async function consentRefusal(
  tx: Prisma.TransactionClient,
  input: ClaimSendInput,
): Promise<{ reason: string; scope: 'customer' | 'channel' } | null> {
  const customer = await tx.customer.findFirst({
    where: { id: input.customerId, workspaceId: input.workspaceId },
    select: { unsubscribedAll: true, emailOptIn: true, email: true, smsOptIn: true, phone: true },
  });
  if (!customer) return { reason: 'customer no longer exists', scope: 'customer' };
  if (customer.unsubscribedAll) return { reason: 'unsubscribed from all messages', scope: 'customer' };
  const subscribed = await isSubscribedToTopic(tx, input.workspaceId, input.customerId, input.topicKey);
  if (!subscribed) return { reason: `unsubscribed from topic "${input.topicKey}"`, scope: 'customer' };
  if (input.consent === 'email' && !(customer.emailOptIn && customer.email)) {
    return { reason: 'no email consent', scope: 'channel' };
  }
  if (input.consent === 'sms' && !(customer.smsOptIn && customer.phone)) {
    return { reason: 'no SMS consent', scope: 'channel' };
  }
  if (input.consent === 'push') {
    const subscriptions = await tx.pushSubscription.count({ where: { customerId: input.customerId } });
    if (subscriptions === 0) return { reason: 'no push subscription', scope: 'channel' };
  }
  return null;
}

/**
 * A customer is subscribed to a topic if they said so, or if they said nothing and the topic is
 * opt-out (defaultSubscribed). A topic key used by a journey but never set up is created opt-out, so
 * the preferences page lists it and the customer can leave it.
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
  return subscription ? subscription.subscribed : topic.defaultSubscribed;
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

function describeWindow(hours: number): string {
  if (hours === 24) return 'day';
  if (hours === 168) return 'week';
  if (hours % 24 === 0) return `${hours / 24} days`;
  return `${hours} h`;
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
      await tx.customer.updateMany({
        where: { id: input.customerId, workspaceId: input.workspaceId },
        data: { unsubscribedAll: true },
      });
      await tx.consentChange.create({
        data: { customerId: input.customerId, subject: 'all', granted: false, source: input.source },
      });
      return;
    }
    await setTopicSubscriptionIn(tx, { ...input, topicKey: input.topicKey, subscribed: false });
  });
}

export async function setTopicSubscription(
  db: Db,
  input: {
    workspaceId: string;
    customerId: string;
    topicKey: string;
    subscribed: boolean;
    source: ConsentSource;
  },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${input.customerId}))`;
    await setTopicSubscriptionIn(tx, input);
  });
}

async function setTopicSubscriptionIn(
  tx: Prisma.TransactionClient,
  input: {
    workspaceId: string;
    customerId: string;
    topicKey: string;
    subscribed: boolean;
    source: ConsentSource;
  },
): Promise<void> {
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
      subscribed: chosen.get(t.id) ?? t.defaultSubscribed,
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
    await tx.customer.updateMany({
      where: { id: input.customerId, workspaceId: input.workspaceId },
      data: { unsubscribedAll: false },
    });
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

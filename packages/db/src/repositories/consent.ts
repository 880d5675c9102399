import type { Db } from '../client';
import { reachabilityOf, type Reachability } from '../policy/consent';
import { emailUndeliverableReason } from './deliverability';
import {
  resubscribeCustomer,
  setTopicSubscription,
  unsubscribeCustomer,
  type ConsentSource,
} from './governance';

/**
 * Reachability and consent: what channels may reach a customer, and the history of every change. The
 * channels package asks `getReachability` before each send; unsubscribe links, SMS STOP and the preferences
 * page call `unsubscribe`/`subscribe`.
 */
export type ConsentTopic = string | 'all';

/** A consent change by customer id alone (the workspace is looked up), from a channel or the privacy API. */
export type ConsentWrite = (
  db: Db,
  customerId: string,
  topic: ConsentTopic,
  source: ConsentSource,
) => Promise<void>;

export async function getReachability(db: Db, customerId: string): Promise<Reachability | null> {
  const customer = await db.customer.findUnique({
    where: { id: customerId },
    select: {
      id: true,
      workspaceId: true,
      email: true,
      emailOptIn: true,
      phone: true,
      smsOptIn: true,
      unsubscribedAll: true,
      pushSubscriptions: {
        select: { id: true, endpoint: true, p256dh: true, auth: true },
        orderBy: { lastSeenAt: 'desc' },
      },
      topicSubscriptions: { select: { subscribed: true, topic: { select: { key: true } } } },
      _count: { select: { identities: true } },
    },
  });
  if (!customer) return null;
  const topics = await db.topic.findMany({
    where: { workspaceId: customer.workspaceId },
    select: { key: true, defaultSubscribed: true },
  });
  const emailUndeliverable = customer.email
    ? await emailUndeliverableReason(db, { workspaceId: customer.workspaceId, address: customer.email })
    : null;
  return reachabilityOf({
    ...customer,
    customerId: customer.id,
    pushSubscriptions: customer.pushSubscriptions,
    identities: customer._count.identities,
    emailUndeliverable,
    topics,
    chosenTopics: new Map(customer.topicSubscriptions.map((row) => [row.topic.key, row.subscribed])),
  });
}

async function workspaceOf(db: Db, customerId: string): Promise<string> {
  const customer = await db.customer.findUniqueOrThrow({
    where: { id: customerId },
    select: { workspaceId: true },
  });
  return customer.workspaceId;
}

/**
 * Unsubscribes from one topic, or from everything with 'all'. The write itself is governance.ts's (one
 * implementation of consent writes); this is the customer-id-only entry point channels and privacy use.
 */
export const unsubscribe: ConsentWrite = async (db, customerId, topic, source) => {
  const workspaceId = await workspaceOf(db, customerId);
  await unsubscribeCustomer(db, { workspaceId, customerId, topicKey: topic, source });
};

export const subscribe: ConsentWrite = async (db, customerId, topic, source) => {
  const workspaceId = await workspaceOf(db, customerId);
  if (topic === 'all') await resubscribeCustomer(db, { workspaceId, customerId, source });
  else await setTopicSubscription(db, { workspaceId, customerId, topicKey: topic, subscribed: true, source });
};

/** Email or SMS opt-in given or withdrawn outside identify (preferences page, SMS STOP, bounce handling). */
export async function setChannelConsent(
  db: Db,
  customerId: string,
  channel: 'email' | 'sms',
  granted: boolean,
  source: ConsentSource,
): Promise<void> {
  await db.$transaction([
    db.customer.update({
      where: { id: customerId },
      data: channel === 'email' ? { emailOptIn: granted } : { smsOptIn: granted },
    }),
    db.consentChange.create({ data: { customerId, subject: channel, granted, source } }),
  ]);
}

export function listConsentChanges(db: Db, customerId: string) {
  return db.consentChange.findMany({
    where: { customerId },
    orderBy: { at: 'desc' },
    select: { subject: true, granted: true, source: true, at: true },
  });
}

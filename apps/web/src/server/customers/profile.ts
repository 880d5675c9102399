import { reachabilityByChannel, type ChannelProfile } from '@nudgeflow/channels';
import {
  findCustomerById,
  getReachability,
  listCustomerConsentHistory,
  listCustomerIdentities,
  listCustomerJourneyRuns,
  listCustomerMessages,
  listCustomerSegmentMemberships,
  loadSendingContext,
  type Db,
} from '@nudgeflow/db';
import { authoringDeps } from '../templates/authoring';

/**
 * Profile attributes ingestion derives from events (packages/ingest: lifecycle.ts, derive.ts, profile.ts)
 * rather than being told them by identify; the page marks them so nobody edits a trait expecting it to stick.
 */
export const DERIVED_ATTRIBUTES: Record<string, string> = {
  lifecycleStage: 'from completed orders and the last visit (lapsed after 90 days)',
  orderCount: 'counted from "Order Completed" events',
  firstSeenAt: 'the earliest event',
  lastSeenAt: 'the newest event',
  platform: "from the newest event's context",
  deviceType: "from the newest event's context",
  country: "from the newest event's context or the request's country header",
  region: "from the newest event's context",
  locale: "from the newest event's context",
  timezone: "from the newest event's context",
  source: 'the first non-direct traffic source',
};

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Everything the profile page shows but the timeline (paged on its own): the profile, identities,
 * segments, consent with its history, reachability per channel, messages with receipts and journey runs.
 * Null when the customer is not in the workspace.
 */
export async function loadCustomerProfile(db: Db, workspaceId: string, customerId: string) {
  const customer = await findCustomerById(db, workspaceId, customerId);
  if (!customer) return null;
  const [identities, segments, consentHistory, consent, sending, messages, runs, channels] =
    await Promise.all([
      listCustomerIdentities(db, workspaceId, customerId),
      listCustomerSegmentMemberships(db, workspaceId, customerId),
      listCustomerConsentHistory(db, workspaceId, customerId),
      getReachability(db, customerId),
      loadSendingContext(db, { workspaceId, customerId }),
      listCustomerMessages(db, workspaceId, customerId),
      listCustomerJourneyRuns(db, workspaceId, customerId),
      // The channels this web process sends test messages with: the same implementations the worker uses.
      authoringDeps().then((deps) => deps.channels),
    ]);
  const sendingCustomer = sending.customer;
  const profile: ChannelProfile | null = sendingCustomer
    ? {
        customerId,
        workspaceId,
        userId: sendingCustomer.userId,
        email: sendingCustomer.email,
        emailOptIn: sendingCustomer.emailOptIn,
        emailUndeliverable: sendingCustomer.emailUndeliverable,
        phone: sendingCustomer.phone,
        smsOptIn: sendingCustomer.smsOptIn,
        unsubscribedAll: sendingCustomer.unsubscribedAll,
        timezone: sendingCustomer.timezone,
        locale: sendingCustomer.locale,
        traits: asRecord(sendingCustomer.traits),
        pushSubscriptions: sendingCustomer.pushSubscriptions,
      }
    : null;
  return {
    customer,
    derived: DERIVED_ATTRIBUTES,
    identities,
    segments,
    consent: {
      unsubscribedAll: customer.unsubscribedAll,
      email: { address: customer.email, optIn: customer.emailOptIn },
      sms: { phone: customer.phone, optIn: customer.smsOptIn },
      pushSubscriptions: consent?.push.subscriptions.length ?? 0,
      topics: Object.entries(consent?.topics ?? {}).map(([topic, subscribed]) => ({ topic, subscribed })),
      history: consentHistory,
    },
    reachability: profile ? reachabilityByChannel(channels, profile) : [],
    messages,
    runs: runs.map((run) => ({
      id: run.id,
      journeyId: run.journeyId,
      journeyName: run.journey.name,
      version: run.version.version,
      status: run.status,
      currentNodeId: run.currentNodeId,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      exitReason: run.exitReason,
      convertedAt: run.convertedAt,
    })),
  };
}

export type CustomerProfilePage = NonNullable<Awaited<ReturnType<typeof loadCustomerProfile>>>;

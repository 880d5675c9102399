/**
 * Consent rules, pure: who may be messaged on which topic and channel. The repositories (consent.ts,
 * governance.ts) read the facts with SQL and ask these functions; nothing here touches the database.
 */

/** Channel opt-in a send needs besides topic consent. */
export type ChannelConsent = 'email' | 'sms' | 'push' | 'none';

/** Why a send may not go out; `customer` refusals stop every channel, `channel` ones only this one. */
export interface SendRefusal {
  reason: string;
  scope: 'customer' | 'channel';
}

/** What the consent rules read about a customer. */
export interface ConsentFacts {
  unsubscribedAll: boolean;
  email: string | null;
  emailOptIn: boolean;
  phone: string | null;
  smsOptIn: boolean;
}

/**
 * A customer is subscribed to a topic if they said so, or if they said nothing and the topic is opt-out
 * (subscribed by default). `chosen` is their recorded choice, undefined when there is none.
 */
export function topicSubscription(chosen: boolean | undefined, defaultSubscribed: boolean): boolean {
  return chosen ?? defaultSubscribed;
}

/**
 * Whether a send may go to this customer at all and on its channel: the customer must still exist, not have
 * left everything, be subscribed to the topic, and have the channel's opt-in (an address and consent for
 * email and SMS, a browser subscription for push).
 */
export function sendRefusal(input: {
  customer: ConsentFacts | null;
  topicKey: string;
  /** The customer's subscription to the topic (read only for a customer who has not left everything). */
  subscribedToTopic: boolean;
  consent: ChannelConsent;
  pushSubscriptions: number;
}): SendRefusal | null {
  const { customer } = input;
  if (!customer) return { reason: 'customer no longer exists', scope: 'customer' };
  if (customer.unsubscribedAll) return { reason: 'unsubscribed from all messages', scope: 'customer' };
  if (!input.subscribedToTopic) {
    return { reason: `unsubscribed from topic "${input.topicKey}"`, scope: 'customer' };
  }
  if (input.consent === 'email' && !(customer.emailOptIn && customer.email)) {
    return { reason: 'no email consent', scope: 'channel' };
  }
  if (input.consent === 'sms' && !(customer.smsOptIn && customer.phone)) {
    return { reason: 'no SMS consent', scope: 'channel' };
  }
  if (input.consent === 'push' && input.pushSubscriptions === 0) {
    return { reason: 'no push subscription', scope: 'channel' };
  }
  return null;
}

export interface PushSubscriptionKeys {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface Reachability {
  customerId: string;
  workspaceId: string;
  /** Opted out of every marketing message on every channel. */
  unsubscribedAll: boolean;
  /** `undeliverable`: why mail to the address stopped (hard bounce, repeated soft bounces), else null. */
  email: { address: string | null; optIn: boolean; reachable: boolean; undeliverable: string | null };
  sms: { phone: string | null; optIn: boolean; reachable: boolean };
  push: { subscriptions: PushSubscriptionKeys[]; reachable: boolean };
  /** In-app messages reach anyone the SDK can identify; they are shown on the customer's next visit. */
  inApp: { reachable: boolean };
  /** Topic key → subscribed, for every topic of the workspace (defaults applied). */
  topics: Record<string, boolean>;
}

/** Everything reachability is decided from, as the repository reads it. */
export interface ReachabilityFacts extends ConsentFacts {
  customerId: string;
  workspaceId: string;
  pushSubscriptions: PushSubscriptionKeys[];
  identities: number;
  /** Why mail to the address stopped, or null. */
  emailUndeliverable: string | null;
  topics: { key: string; defaultSubscribed: boolean }[];
  /** Topic key → the customer's recorded choice. */
  chosenTopics: ReadonlyMap<string, boolean>;
}

/** Which channels may reach a customer now, and their topic subscriptions. */
export function reachabilityOf(facts: ReachabilityFacts): Reachability {
  const marketingAllowed = !facts.unsubscribedAll;
  return {
    customerId: facts.customerId,
    workspaceId: facts.workspaceId,
    unsubscribedAll: facts.unsubscribedAll,
    email: {
      address: facts.email,
      optIn: facts.emailOptIn,
      reachable:
        marketingAllowed && facts.email !== null && facts.emailOptIn && facts.emailUndeliverable === null,
      undeliverable: facts.emailUndeliverable,
    },
    sms: {
      phone: facts.phone,
      optIn: facts.smsOptIn,
      reachable: marketingAllowed && facts.phone !== null && facts.smsOptIn,
    },
    push: {
      subscriptions: facts.pushSubscriptions,
      reachable: marketingAllowed && facts.pushSubscriptions.length > 0,
    },
    inApp: { reachable: marketingAllowed && facts.identities > 0 },
    topics: Object.fromEntries(
      facts.topics.map((topic) => [
        topic.key,
        topicSubscription(facts.chosenTopics.get(topic.key), topic.defaultSubscribed),
      ]),
    ),
  };
}

/** Whether a customer may receive a message of `topicKey`. Topics the workspace has not defined default to subscribed. */
export function isSubscribedTo(reachability: Reachability, topicKey: string): boolean {
  if (reachability.unsubscribedAll) return false;
  return reachability.topics[topicKey] ?? true;
}

import { randomBucket } from './bucket';
import { compareCount } from './conditions/event';
import { ENGAGEMENT_COLUMN, type MessageCondition } from './conditions/message';
import { resolveTime, type TimeReference } from './conditions/time';
import { CUSTOMER_TRAIT_COLUMNS } from './conditions/trait';
import type { SegmentCondition, SegmentDefinition } from './definition';
import { matchesPropertyFilter, matchesPropertyFilters, type PropertyFilter } from './property-filter';

/** The Customer columns segments read. */
export interface SegmentCustomer {
  id: string;
  userId: string | null;
  email: string | null;
  emailOptIn: boolean;
  phone: string | null;
  smsOptIn: boolean;
  unsubscribedAll: boolean;
  timezone: string | null;
  locale: string | null;
  country: string | null;
  region: string | null;
  deviceType: string | null;
  platform: string | null;
  source: string | null;
  lifecycleStage: string;
  tags: string[];
  orderCount: number;
  traits: unknown;
  firstSeenAt: Date;
  lastSeenAt: Date;
  createdAt: Date;
}

export interface SegmentEventFact {
  name: string;
  timestamp: Date;
  properties: unknown;
}

export interface SegmentMessageFact {
  channel: string;
  journeyId: string | null;
  sentAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  convertedAt: Date | null;
}

export interface SegmentTopicFact {
  defaultSubscribed: boolean;
  /** The customer's explicit choice, or null when they never made one. */
  subscribed: boolean | null;
}

/**
 * Everything about one customer that the definitions being evaluated read. Loaders fetch only what
 * `describeSegmentNeeds` asks for; a fact left out reads as "none" (no events, no messages …).
 */
export interface SegmentFacts {
  customer: SegmentCustomer;
  events: readonly SegmentEventFact[];
  messages: readonly SegmentMessageFact[];
  pushSubscriptionCount: number;
  /** The workspace's topics by key, with this customer's choice. */
  topics: ReadonlyMap<string, SegmentTopicFact>;
  /** Current membership by segment id (absent = not a member). */
  memberships: ReadonlyMap<string, boolean>;
}

function profileOf(customer: SegmentCustomer): Record<string, unknown> {
  const profile: Record<string, unknown> = { traits: customer.traits };
  for (const column of CUSTOMER_TRAIT_COLUMNS) profile[column] = customer[column];
  return profile;
}

function matchingEvents(
  facts: SegmentFacts,
  event: string,
  where: readonly PropertyFilter[],
): SegmentEventFact[] {
  return facts.events.filter((e) => e.name === event && matchesPropertyFilters(e.properties, where));
}

function onOrAfter(date: Date, since: TimeReference | undefined, now: Date): boolean {
  return since === undefined || date.getTime() >= resolveTime(since, now).getTime();
}

function hasEngagement(facts: SegmentFacts, condition: MessageCondition, now: Date): boolean {
  const column = ENGAGEMENT_COLUMN[condition.engagement];
  return facts.messages.some((message) => {
    const at = message[column];
    return (
      at !== null &&
      onOrAfter(at, condition.since, now) &&
      (condition.channel === undefined || message.channel === condition.channel) &&
      (condition.journeyId === undefined || message.journeyId === condition.journeyId)
    );
  });
}

function isReachable(facts: SegmentFacts, channel: 'email' | 'sms' | 'push'): boolean {
  const { customer } = facts;
  if (customer.unsubscribedAll) return false;
  if (channel === 'email') return customer.emailOptIn && !!customer.email;
  if (channel === 'sms') return customer.smsOptIn && !!customer.phone;
  return facts.pushSubscriptionCount > 0;
}

export function evaluateCondition(condition: SegmentCondition, facts: SegmentFacts, now: Date): boolean {
  switch (condition.kind) {
    case 'and':
      return condition.conditions.every((child) => evaluateCondition(child, facts, now));
    case 'or':
      return condition.conditions.some((child) => evaluateCondition(child, facts, now));
    case 'not':
      return !evaluateCondition(condition.condition, facts, now);
    case 'trait':
      return matchesPropertyFilter(profileOf(facts.customer), condition);
    case 'profile_time': {
      const at = facts.customer[condition.field].getTime();
      const bound = resolveTime(condition.at, now).getTime();
      return condition.op === 'before' ? at < bound : at > bound;
    }
    case 'performed': {
      const count = matchingEvents(facts, condition.event, condition.where).filter((e) =>
        onOrAfter(e.timestamp, condition.since, now),
      ).length;
      return compareCount(count, condition.count);
    }
    case 'not_performed':
      return !matchingEvents(facts, condition.event, condition.where).some((e) =>
        onOrAfter(e.timestamp, condition.since, now),
      );
    case 'last_performed': {
      const events = matchingEvents(facts, condition.event, condition.where);
      if (events.length === 0) return false;
      const last = events.reduce((latest, e) => Math.max(latest, e.timestamp.getTime()), -Infinity);
      const bound = resolveTime(condition.at, now).getTime();
      return condition.op === 'before' ? last < bound : last > bound;
    }
    case 'message':
      return hasEngagement(facts, condition, now);
    case 'reachable':
      return condition.channel === 'any'
        ? isReachable(facts, 'email') || isReachable(facts, 'sms') || isReachable(facts, 'push')
        : isReachable(facts, condition.channel);
    case 'topic': {
      const topic = facts.topics.get(condition.topic);
      const subscribed =
        topic !== undefined &&
        !facts.customer.unsubscribedAll &&
        (topic.subscribed ?? topic.defaultSubscribed);
      return subscribed === condition.subscribed;
    }
    case 'in_segment':
      return facts.memberships.get(condition.segmentId) === true;
    case 'random_bucket': {
      const bucket = randomBucket(facts.customer.id, condition.salt);
      return bucket >= condition.from && bucket < condition.to;
    }
  }
}

/** Whether the customer described by `facts` is a member of the segment at `now`. */
export function evaluateSegment(definition: SegmentDefinition, facts: SegmentFacts, now: Date): boolean {
  return evaluateCondition(definition.condition, facts, now);
}

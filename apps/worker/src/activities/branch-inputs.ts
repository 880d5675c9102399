import type { BranchLeafCondition, RunEvent } from '@nudgeflow/journey';
import {
  ENGAGEMENT_COLUMN,
  matchesPropertyFilters,
  randomBucket,
  readPath,
  resolveTime,
  type SegmentCondition,
  type SegmentFacts,
} from '@nudgeflow/segments';

/**
 * What one branch leaf compared, for the step log and the run inspector: the values found for this
 * customer beside the thresholds they were held against (`performed`: the count found, the window it was
 * counted in and the comparison). `resolved` is the leaf as evaluated for this run (`performed_since_entry`
 * becomes `performed` since the entry), so the window is the one really used.
 */
export function comparedInputs(
  leaf: BranchLeafCondition,
  resolved: SegmentCondition,
  facts: SegmentFacts,
  now: Date,
  entryEvent: RunEvent | undefined,
): Record<string, unknown> {
  if (leaf.kind === 'entry_property') {
    const { path, op } = leaf.filter;
    const expected = 'value' in leaf.filter ? leaf.filter.value : undefined;
    return {
      path,
      op,
      expected: expected ?? null,
      actual: readPath(entryEvent?.properties ?? {}, path) ?? null,
    };
  }
  const since = (reference: Parameters<typeof resolveTime>[0] | undefined) =>
    reference === undefined ? null : resolveTime(reference, now).toISOString();
  const matching = (event: string, where: Parameters<typeof matchesPropertyFilters>[1]) =>
    facts.events.filter((e) => e.name === event && matchesPropertyFilters(e.properties, where));

  switch (resolved.kind) {
    case 'trait':
      return {
        path: resolved.path,
        op: resolved.op,
        expected: resolved.value ?? null,
        actual: readPath({ ...facts.customer }, resolved.path) ?? null,
      };
    case 'profile_time':
      return {
        field: resolved.field,
        op: resolved.op,
        bound: since(resolved.at),
        actual: facts.customer[resolved.field].toISOString(),
      };
    case 'performed': {
      const from = since(resolved.since);
      const counted = matching(resolved.event, resolved.where).filter(
        (e) => from === null || e.timestamp.getTime() >= Date.parse(from),
      );
      return {
        event: resolved.event,
        count: counted.length,
        since: from,
        until: now.toISOString(),
        threshold: resolved.count,
      };
    }
    case 'not_performed': {
      const from = since(resolved.since);
      const counted = matching(resolved.event, resolved.where).filter(
        (e) => from === null || e.timestamp.getTime() >= Date.parse(from),
      );
      return { event: resolved.event, count: counted.length, since: from, until: now.toISOString() };
    }
    case 'last_performed': {
      const times = matching(resolved.event, resolved.where).map((e) => e.timestamp.getTime());
      return {
        event: resolved.event,
        op: resolved.op,
        bound: since(resolved.at),
        last: times.length > 0 ? new Date(Math.max(...times)).toISOString() : null,
      };
    }
    case 'message': {
      const column = ENGAGEMENT_COLUMN[resolved.engagement];
      const from = since(resolved.since);
      const engaged = facts.messages.filter(
        (message) =>
          message[column] !== null &&
          (from === null || message[column]!.getTime() >= Date.parse(from)) &&
          (resolved.channel === undefined || message.channel === resolved.channel) &&
          (resolved.journeyId === undefined || message.journeyId === resolved.journeyId),
      );
      return {
        engagement: resolved.engagement,
        channel: resolved.channel ?? null,
        since: from,
        count: engaged.length,
      };
    }
    case 'reachable': {
      const { customer } = facts;
      return {
        channel: resolved.channel,
        unsubscribedAll: customer.unsubscribedAll,
        email: customer.emailOptIn && !!customer.email,
        sms: customer.smsOptIn && !!customer.phone,
        pushSubscriptions: facts.pushSubscriptionCount,
      };
    }
    case 'topic': {
      const topic = facts.topics.get(resolved.topic);
      return {
        topic: resolved.topic,
        expected: resolved.subscribed,
        choice: topic?.subscribed ?? null,
        defaultSubscribed: topic?.defaultSubscribed ?? null,
        unsubscribedAll: facts.customer.unsubscribedAll,
      };
    }
    case 'in_segment':
      return { segmentId: resolved.segmentId, member: facts.memberships.get(resolved.segmentId) === true };
    case 'random_bucket':
      return {
        bucket: randomBucket(facts.customer.id, resolved.salt),
        from: resolved.from,
        to: resolved.to,
      };
    case 'and':
    case 'or':
    case 'not':
      // A leaf never resolves to a group, except entry and webhook tests (handled above and by the caller).
      return {};
  }
}

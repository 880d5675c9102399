import { evaluateCondition, type SegmentFacts } from '@nudgeflow/segments';
import { describe, expect, it } from 'vitest';
import { BranchCondition, resolveBranchCondition } from './branch-condition';

const enteredAt = '2026-11-20T10:00:00.000Z';
const entryEvent = { timestamp: '2026-11-20T09:59:59.000Z', properties: { cart_id: 'c1', value: 120 } };

function facts(events: { name: string; timestamp: string; properties?: unknown }[]): SegmentFacts {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    customer: {
      id: 'cust-1',
      userId: null,
      email: 'a@example.com',
      emailOptIn: true,
      phone: null,
      smsOptIn: false,
      unsubscribedAll: false,
      timezone: null,
      locale: null,
      country: 'DE',
      region: null,
      deviceType: null,
      platform: null,
      source: null,
      lifecycleStage: 'ACTIVE',
      tags: [],
      orderCount: 2,
      traits: {},
      firstSeenAt: at,
      lastSeenAt: at,
      createdAt: at,
    },
    events: events.map((e) => ({
      name: e.name,
      timestamp: new Date(e.timestamp),
      properties: e.properties ?? {},
    })),
    messages: [],
    pushSubscriptionCount: 0,
    topics: new Map(),
    memberships: new Map(),
  };
}

const now = new Date('2026-11-20T12:00:00Z');

function holds(raw: unknown, customerFacts: SegmentFacts): boolean {
  const condition = BranchCondition.parse(raw);
  return evaluateCondition(resolveBranchCondition(condition, { entryEvent, enteredAt }), customerFacts, now);
}

describe('branch conditions', () => {
  it('counts events since entry, not the entry event itself', () => {
    const didNotOrder = {
      kind: 'performed_since_entry',
      event: 'Product Added',
      count: { op: 'eq', value: 0 },
    };
    const entryOnly = facts([{ name: 'Product Added', timestamp: entryEvent.timestamp }]);
    expect(holds(didNotOrder, entryOnly)).toBe(true);
    const again = facts([
      { name: 'Product Added', timestamp: entryEvent.timestamp },
      { name: 'Product Added', timestamp: '2026-11-20T11:00:00Z' },
    ]);
    expect(holds(didNotOrder, again)).toBe(false);
  });

  it('decides entry properties from the entry event and mixes with segment leaves', () => {
    const bigCartInGermany = {
      kind: 'and',
      conditions: [
        { kind: 'entry_property', filter: { path: 'value', op: 'gte', value: 100 } },
        { kind: 'trait', path: 'country', op: 'eq', value: 'DE' },
        { kind: 'reachable', channel: 'email' },
      ],
    };
    expect(holds(bigCartInGermany, facts([]))).toBe(true);
    const smallCart = {
      kind: 'not',
      condition: { kind: 'entry_property', filter: { path: 'value', op: 'lt', value: 50 } },
    };
    expect(holds(smallCart, facts([]))).toBe(true);
    expect(holds({ kind: 'entry_property', filter: { path: 'missing', op: 'exists' } }, facts([]))).toBe(
      false,
    );
  });

  it('rejects unknown traits through the segments schema', () => {
    expect(BranchCondition.safeParse({ kind: 'trait', path: 'shoeSize', op: 'eq', value: 42 }).success).toBe(
      false,
    );
  });
});

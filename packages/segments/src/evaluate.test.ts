import { describe, expect, it } from 'vitest';
import { SegmentDefinition } from './definition';
import { evaluateSegment, type SegmentCustomer, type SegmentFacts } from './evaluate';
import { describeSegmentNeeds } from './needs';

const now = new Date('2026-06-01T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

const customer: SegmentCustomer = {
  id: '00000000-0000-4000-8000-000000000001',
  userId: 'u1',
  email: 'ada@example.com',
  emailOptIn: true,
  phone: null,
  smsOptIn: false,
  unsubscribedAll: false,
  timezone: 'Europe/Berlin',
  locale: 'de',
  country: 'DE',
  region: null,
  deviceType: 'mobile',
  platform: 'web',
  source: 'organic search',
  lifecycleStage: 'REPEAT',
  tags: ['vip'],
  orderCount: 4,
  traits: { plan: 'pro', ltv: '1200.50' },
  firstSeenAt: hoursAgo(24 * 400),
  lastSeenAt: hoursAgo(3),
  createdAt: hoursAgo(24 * 400),
};

const facts = (overrides: Partial<SegmentFacts> = {}): SegmentFacts => ({
  customer,
  events: [],
  messages: [],
  pushSubscriptionCount: 0,
  topics: new Map(),
  memberships: new Map(),
  ...overrides,
});

const member = (condition: unknown, f: SegmentFacts) =>
  evaluateSegment(SegmentDefinition.parse({ condition }), f, now);

describe('evaluateSegment', () => {
  it('compares columns and traits, numeric strings as numbers', () => {
    expect(member({ kind: 'trait', path: 'country', op: 'in', value: ['DE', 'AT'] }, facts())).toBe(true);
    expect(member({ kind: 'trait', path: 'tags', op: 'contains', value: 'vip' }, facts())).toBe(true);
    expect(member({ kind: 'trait', path: 'traits.ltv', op: 'gt', value: 1000 }, facts())).toBe(true);
    expect(member({ kind: 'trait', path: 'orderCount', op: 'lt', value: '4' }, facts())).toBe(false);
    expect(member({ kind: 'trait', path: 'region', op: 'eq', value: null }, facts())).toBe(true);
    expect(member({ kind: 'trait', path: 'traits.constructor', op: 'exists' }, facts())).toBe(false);
  });

  it('finds cart abandoners: added to cart in the last day, no order since', () => {
    const condition = {
      kind: 'and',
      conditions: [
        { kind: 'performed', event: 'Product Added', since: { kind: 'ago', amount: 1, unit: 'days' } },
        { kind: 'not_performed', event: 'Order Completed', since: { kind: 'ago', amount: 1, unit: 'days' } },
      ],
    };
    const added = { name: 'Product Added', timestamp: hoursAgo(5), properties: { price: 80 } };
    const ordered = { name: 'Order Completed', timestamp: hoursAgo(2), properties: {} };
    expect(member(condition, facts({ events: [added] }))).toBe(true);
    expect(member(condition, facts({ events: [added, ordered] }))).toBe(false);
    expect(member(condition, facts({ events: [{ ...added, timestamp: hoursAgo(30) }] }))).toBe(false);
  });

  it('counts events matching property filters', () => {
    const views = [60, 40, 70, 55].map((price, i) => ({
      name: 'Product Viewed',
      timestamp: hoursAgo(i + 1),
      properties: { category: 'shoes', price },
    }));
    const condition = (value: number) => ({
      kind: 'performed',
      event: 'Product Viewed',
      where: [
        { path: 'category', op: 'eq', value: 'shoes' },
        { path: 'price', op: 'gt', value: 50 },
      ],
      count: { op: 'eq', value },
    });
    expect(member(condition(3), facts({ events: views }))).toBe(true);
    expect(member(condition(4), facts({ events: views }))).toBe(false);
  });

  it('reads last performed, message engagement, reachability, topics, memberships and buckets', () => {
    const order = { name: 'Order Completed', timestamp: hoursAgo(24 * 100), properties: {} };
    const lapsed = {
      kind: 'last_performed',
      event: 'Order Completed',
      op: 'before',
      at: { kind: 'ago', amount: 90, unit: 'days' },
    };
    expect(member(lapsed, facts({ events: [order] }))).toBe(true);
    expect(member(lapsed, facts())).toBe(false);

    const clicked = {
      kind: 'message',
      engagement: 'clicked',
      channel: 'email',
      since: { kind: 'ago', amount: 7, unit: 'days' },
    };
    const send = {
      channel: 'email',
      journeyId: null,
      sentAt: hoursAgo(30),
      openedAt: null,
      clickedAt: hoursAgo(29),
      convertedAt: null,
    };
    expect(member(clicked, facts({ messages: [send] }))).toBe(true);
    expect(member(clicked, facts({ messages: [{ ...send, channel: 'push' }] }))).toBe(false);

    expect(member({ kind: 'reachable', channel: 'email' }, facts())).toBe(true);
    expect(member({ kind: 'reachable', channel: 'push' }, facts())).toBe(false);
    expect(
      member(
        { kind: 'reachable', channel: 'email' },
        facts({ customer: { ...customer, unsubscribedAll: true } }),
      ),
    ).toBe(false);

    const topics = new Map([['marketing', { defaultSubscribed: true, subscribed: null }]]);
    expect(member({ kind: 'topic', topic: 'marketing' }, facts({ topics }))).toBe(true);
    expect(member({ kind: 'topic', topic: 'back-in-stock' }, facts({ topics }))).toBe(false);
    const optedOut = new Map([['marketing', { defaultSubscribed: true, subscribed: false }]]);
    expect(
      member({ kind: 'topic', topic: 'marketing', subscribed: false }, facts({ topics: optedOut })),
    ).toBe(true);

    const segmentId = '00000000-0000-4000-8000-0000000000aa';
    expect(
      member({ kind: 'in_segment', segmentId }, facts({ memberships: new Map([[segmentId, true]]) })),
    ).toBe(true);
    expect(member({ kind: 'in_segment', segmentId }, facts())).toBe(false);

    const everyone = member({ kind: 'random_bucket', from: 0, to: 100 }, facts());
    const half = member({ kind: 'random_bucket', from: 0, to: 50 }, facts());
    const otherHalf = member({ kind: 'random_bucket', from: 50, to: 100 }, facts());
    expect(everyone).toBe(true);
    expect(half).not.toBe(otherHalf);
  });
});

describe('describeSegmentNeeds', () => {
  it('asks for each event name from the earliest time any condition reads', () => {
    const definitions = [
      { kind: 'performed', event: 'Product Viewed', since: { kind: 'ago', amount: 1, unit: 'days' } },
      { kind: 'performed', event: 'Product Viewed', since: { kind: 'ago', amount: 2, unit: 'days' } },
      {
        kind: 'last_performed',
        event: 'Order Completed',
        op: 'before',
        at: { kind: 'ago', amount: 1, unit: 'days' },
      },
      { kind: 'topic', topic: 'marketing' },
    ].map((condition) => SegmentDefinition.parse({ condition }));
    const needs = describeSegmentNeeds(definitions, now);
    expect(needs.events.get('Product Viewed')).toEqual(hoursAgo(48));
    expect(needs.events.get('Order Completed')).toBeNull();
    expect(needs.topics).toBe(true);
    expect(needs.messages).toBe(false);
  });
});

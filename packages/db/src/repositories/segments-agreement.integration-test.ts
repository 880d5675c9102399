import { randomUUID } from 'node:crypto';
import {
  compileSegmentMembers,
  compileSegmentMembership,
  describeSegmentNeeds,
  evaluateSegment,
  SegmentDefinition,
  type SegmentFacts,
} from '@nudgeflow/segments';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, poolOf, type Db } from '../client';
import { createTestWorkspace } from '../testing';
import { loadSegmentFacts } from './segment-memberships';

/**
 * The Must-show property: for random customers, events, messages, subscriptions and memberships stored in
 * a real Postgres, and random segment definitions, the SQL compiler (workspace listing and single-customer
 * check) and the in-memory evaluator agree on every customer — and so does the evaluator fed by the
 * real-time path's own fact loader.
 */

const now = new Date('2026-06-01T12:00:00.000Z');
const HOUR = 3_600_000;
const EVENT_NAMES = ['Product Viewed', 'Product Added', 'Order Completed'];
const CHANNELS = ['email', 'push'];
const JOURNEYS = ['6f1e6a54-0000-4000-8000-000000000001', '6f1e6a54-0000-4000-8000-000000000002'];

// Values chosen to hit the loose comparisons: numeric strings against numbers, "5" vs "5.0", empty strings,
// null against missing, booleans, arrays.
const scalar = fc.oneof(
  fc.constantFrom('shoes', 'hats', 'Shoes', '5', '5.0', '10', '', 'abc', '-2', '.5', '1e2'),
  fc.integer({ min: -3, max: 60 }),
  fc.constantFrom(0.5, 2.25, 100),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
);
const jsonValue = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ a: scalar }, { requiredKeys: [] }) },
);
const properties = fc.record(
  { category: jsonValue, price: jsonValue, tags: jsonValue, nested: jsonValue },
  { requiredKeys: [] },
);
const op = fc.constantFrom(
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'not_contains',
  'in',
  'not_in',
  'exists',
  'not_exists',
);
const filter = (paths: string[]) =>
  fc
    .record({ path: fc.constantFrom(...paths), op, value })
    .map((f) => (f.op === 'exists' || f.op === 'not_exists' ? { path: f.path, op: f.op } : f));
// Whole hours over a short range, so event times often fall exactly on a window's edge (>= vs >).
const hoursOffset = fc.integer({ min: -12, max: 1 });
const timeReference = fc.oneof(
  fc.record({
    kind: fc.constant('ago'),
    amount: fc.integer({ min: 1, max: 12 }),
    unit: fc.constant('hours'),
  }),
  fc
    .integer({ min: -12, max: 0 })
    .map((hours) => ({ kind: 'date', date: new Date(now.getTime() + hours * HOUR).toISOString() })),
);

function conditionArbitrary(segmentIds: string[]) {
  const eventName = fc.constantFrom(...EVENT_NAMES);
  const where = fc.array(filter(['category', 'price', 'tags', 'nested.a', 'tags.0', 'missing']), {
    maxLength: 2,
  });
  const leaf = fc.oneof(
    fc.record({
      kind: fc.constant('trait'),
      path: fc.constantFrom(
        'country',
        'locale',
        'lifecycleStage',
        'tags',
        'orderCount',
        'email',
        'emailOptIn',
        'region',
        'traits.plan',
        'traits.score',
        'traits.nested.a',
        'traits.list.0',
      ),
      op,
      value,
    }),
    fc.record({
      kind: fc.constant('profile_time'),
      field: fc.constantFrom('firstSeenAt', 'lastSeenAt', 'createdAt'),
      op: fc.constantFrom('before', 'after'),
      at: timeReference,
    }),
    fc.record(
      {
        kind: fc.constant('performed'),
        event: eventName,
        where,
        count: fc.record({
          op: fc.constantFrom('eq', 'gte', 'gt', 'lte', 'lt'),
          value: fc.integer({ min: 0, max: 3 }),
        }),
        since: timeReference,
      },
      { requiredKeys: ['kind', 'event', 'where', 'count'] },
    ),
    fc.record(
      { kind: fc.constant('not_performed'), event: eventName, where, since: timeReference },
      { requiredKeys: ['kind', 'event', 'where'] },
    ),
    fc.record({
      kind: fc.constant('last_performed'),
      event: eventName,
      where,
      op: fc.constantFrom('before', 'after'),
      at: timeReference,
    }),
    fc.record(
      {
        kind: fc.constant('message'),
        engagement: fc.constantFrom('received', 'opened', 'clicked', 'converted'),
        channel: fc.constantFrom(...CHANNELS),
        journeyId: fc.constantFrom(...JOURNEYS),
        since: timeReference,
      },
      { requiredKeys: ['kind', 'engagement'] },
    ),
    fc.record({ kind: fc.constant('reachable'), channel: fc.constantFrom('email', 'sms', 'push', 'any') }),
    fc.record({
      kind: fc.constant('topic'),
      topic: fc.constantFrom('marketing', 'news', 'unknown'),
      subscribed: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('in_segment'), segmentId: fc.constantFrom(...segmentIds) }),
    fc
      .tuple(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom('', 'a', 'test'),
      )
      .filter(([from, to]) => from < to)
      .map(([from, to, salt]) => ({ kind: 'random_bucket', from, to, salt })),
  );
  const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({
        kind: fc.constantFrom('and', 'or'),
        conditions: fc.array(tie('condition'), { maxLength: 3 }),
      }),
      fc.record({ kind: fc.constant('not'), condition: tie('condition') }),
    ),
  }));
  return condition.map((c) => SegmentDefinition.parse({ condition: c }));
}

const at = (hours: number) => new Date(now.getTime() + hours * HOUR);
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

const customerArbitrary = fc.record({
  email: nullable(fc.constantFrom('a@example.com', '')),
  emailOptIn: fc.boolean(),
  phone: nullable(fc.constantFrom('+4915100000', '')),
  smsOptIn: fc.boolean(),
  unsubscribedAll: fc.boolean(),
  locale: nullable(fc.constantFrom('de', 'en', '5')),
  country: nullable(fc.constantFrom('DE', 'FR', 'shoes')),
  region: nullable(fc.constantFrom('BY', '10')),
  lifecycleStage: fc.constantFrom('NEW', 'ACTIVE', 'REPEAT', 'LAPSED'),
  tags: fc.array(fc.constantFrom('vip', 'shoes', '5', 'abc'), { maxLength: 3 }),
  orderCount: fc.integer({ min: 0, max: 12 }),
  traits: fc.record(
    { plan: jsonValue, score: jsonValue, nested: jsonValue, list: jsonValue },
    { requiredKeys: [] },
  ),
  firstSeen: hoursOffset,
  lastSeen: hoursOffset,
  events: fc.array(fc.record({ name: fc.constantFrom(...EVENT_NAMES), hours: hoursOffset, properties }), {
    maxLength: 6,
  }),
  messages: fc.array(
    fc.record({
      channel: fc.constantFrom(...CHANNELS),
      journeyId: nullable(fc.constantFrom(...JOURNEYS)),
      sent: nullable(hoursOffset),
      opened: nullable(hoursOffset),
      clicked: nullable(hoursOffset),
      converted: nullable(hoursOffset),
    }),
    { maxLength: 2 },
  ),
  pushSubscriptions: fc.integer({ min: 0, max: 2 }),
  marketing: nullable(fc.boolean()),
  news: nullable(fc.boolean()),
  memberships: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
});
type Customer = typeof customerArbitrary extends fc.Arbitrary<infer T> ? T : never;

let db: Db;
beforeAll(() => {
  db = createDb();
});
afterAll(async () => {
  await closeDb(db);
});

async function store(customers: Customer[]) {
  const workspace = await createTestWorkspace(db);
  const marketing = await db.topic.create({
    data: { workspaceId: workspace.id, key: 'marketing', name: 'Marketing', defaultSubscribed: true },
  });
  const news = await db.topic.create({
    data: { workspaceId: workspace.id, key: 'news', name: 'News', defaultSubscribed: false },
  });
  const empty = { condition: { kind: 'and', conditions: [] } };
  const referenced = await Promise.all(
    [0, 1].map((i) =>
      db.segment.create({ data: { workspaceId: workspace.id, name: `ref ${i}`, definition: empty } }),
    ),
  );
  const facts: SegmentFacts[] = [];
  for (const generated of customers) {
    const id = randomUUID();
    const customer = {
      id,
      userId: null,
      email: generated.email,
      emailOptIn: generated.emailOptIn,
      phone: generated.phone,
      smsOptIn: generated.smsOptIn,
      unsubscribedAll: generated.unsubscribedAll,
      timezone: null,
      locale: generated.locale,
      country: generated.country,
      region: generated.region,
      deviceType: null,
      platform: null,
      source: null,
      lifecycleStage: generated.lifecycleStage,
      tags: generated.tags,
      orderCount: generated.orderCount,
      traits: generated.traits,
      firstSeenAt: at(generated.firstSeen),
      lastSeenAt: at(generated.lastSeen),
      createdAt: at(generated.firstSeen),
    };
    await db.customer.create({
      data: { ...customer, workspaceId: workspace.id, lifecycleStage: generated.lifecycleStage },
    });
    const events = generated.events.map((e) => ({
      name: e.name,
      timestamp: at(e.hours),
      properties: e.properties,
    }));
    await db.event.createMany({
      data: events.map((e) => ({
        ...e,
        workspaceId: workspace.id,
        customerId: id,
        messageId: randomUUID(),
        type: 'TRACK' as const,
      })),
    });
    const messages = generated.messages.map((m) => ({
      channel: m.channel,
      journeyId: m.journeyId,
      sentAt: m.sent === null ? null : at(m.sent),
      openedAt: m.opened === null ? null : at(m.opened),
      clickedAt: m.clicked === null ? null : at(m.clicked),
      convertedAt: m.converted === null ? null : at(m.converted),
    }));
    await db.messageSend.createMany({
      data: messages.map((m) => ({
        ...m,
        workspaceId: workspace.id,
        customerId: id,
        idempotencyKey: randomUUID(),
      })),
    });
    for (let i = 0; i < generated.pushSubscriptions; i++) {
      await db.pushSubscription.create({
        data: {
          workspaceId: workspace.id,
          customerId: id,
          endpoint: `https://push.test/${randomUUID()}`,
          p256dh: 'k',
          auth: 'a',
        },
      });
    }
    const choices = [
      { topic: marketing, subscribed: generated.marketing },
      { topic: news, subscribed: generated.news },
    ];
    for (const choice of choices) {
      if (choice.subscribed !== null) {
        await db.topicSubscription.create({
          data: { customerId: id, topicId: choice.topic.id, subscribed: choice.subscribed },
        });
      }
    }
    const memberships = new Map<string, boolean>();
    for (const [i, segment] of referenced.entries()) {
      const inSegment = generated.memberships[i]!;
      memberships.set(segment.id, inSegment);
      await db.segmentMembership.create({ data: { segmentId: segment.id, customerId: id, inSegment } });
    }
    facts.push({
      customer,
      events,
      messages,
      pushSubscriptionCount: generated.pushSubscriptions,
      topics: new Map(
        choices.map((c) => [
          c.topic.key,
          { defaultSubscribed: c.topic.defaultSubscribed, subscribed: c.subscribed },
        ]),
      ),
      memberships,
    });
  }
  return { workspaceId: workspace.id, segmentIds: referenced.map((s) => s.id), facts };
}

describe('segment SQL compiler and evaluator', () => {
  it('agree on random customers and random definitions', async () => {
    const placeholderIds = ['00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000001'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(customerArbitrary, { minLength: 1, maxLength: 8 }),
        fc.array(conditionArbitrary(placeholderIds), { minLength: 1, maxLength: 5 }),
        async (customers, rawDefinitions) => {
          const stored = await store(customers);
          // Point in_segment conditions at this run's real segments.
          const definitions = rawDefinitions.map((definition) =>
            SegmentDefinition.parse(
              JSON.parse(
                JSON.stringify(definition)
                  .replaceAll(placeholderIds[0]!, stored.segmentIds[0]!)
                  .replaceAll(placeholderIds[1]!, stored.segmentIds[1]!),
              ),
            ),
          );
          const needs = describeSegmentNeeds(definitions, now);
          for (const definition of definitions) {
            const listing = compileSegmentMembers(stored.workspaceId, definition, now, { limit: 1000 });
            const listed = new Set(
              (await poolOf(db).query<{ customerId: string }>(listing.text, listing.values)).rows.map(
                (r) => r.customerId,
              ),
            );
            for (const facts of stored.facts) {
              const expected = evaluateSegment(definition, facts, now);
              const single = compileSegmentMembership(stored.workspaceId, facts.customer.id, definition, now);
              const checked = (await poolOf(db).query<{ member: boolean }>(single.text, single.values))
                .rows[0]?.member;
              const loaded = await loadSegmentFacts(db, stored.workspaceId, facts.customer.id, needs);
              const context = JSON.stringify({ definition, customer: facts.customer.id });
              expect(listed.has(facts.customer.id), `listing ${context}`).toBe(expected);
              expect(checked, `single check ${context}`).toBe(expected);
              expect(evaluateSegment(definition, loaded!, now), `loaded facts ${context}`).toBe(expected);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

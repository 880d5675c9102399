import { createSegment } from '@nudgeflow/db';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';
import { createSegmentsConsumer } from './segments';

/**
 * End to end through the real dispatcher and Temporal: an ingested event moves a customer into a segment,
 * the segments consumer records it and appends `Segment Entered`, the dispatcher hands that event to
 * journeys, and the segment-triggered journey starts a run for the customer. The time from the event's
 * commit to the run's start is printed (benchmarks, not tests, hold timing figures).
 */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness({ consumers: [createSegmentsConsumer()] });
});

afterAll(async () => {
  await h?.close();
});

test('an event moves a customer into a segment and starts the segment-triggered journey', async () => {
  const created = await createSegment(h.db, h.workspaceId, {
    name: 'Big shoe carts',
    definition: {
      condition: {
        kind: 'performed',
        event: 'Product Added',
        where: [
          { path: 'category', op: 'eq', value: 'shoes' },
          { path: 'price', op: 'gt', value: 50 },
        ],
      },
    },
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const segmentId = created.value.segment.id;
  const definition = await h.publish({
    name: 'Welcome to big shoe carts',
    nodes: [node('entered', 'trigger.segment', { segmentId, on: 'entered' }, { default: null })],
  });

  const customerId = await h.createCustomer({ email: 'sam@example.com', emailOptIn: true });
  await h.emit({ customerId, name: 'Product Added', properties: { category: 'shoes', price: 20 } });
  const committed = Date.now();
  await h.emit({ customerId, name: 'Product Added', properties: { category: 'shoes', price: 89 } });
  const run = await h.waitFor(
    () =>
      h.db.journeyRun
        .findFirst({ where: { journeyId: definition.journeyId, customerId } })
        .then((r) => r ?? undefined),
    'the segment-triggered run',
  );
  const elapsedMs = Date.now() - committed;
  console.log(`segment-triggered journey run visible ${elapsedMs} ms after the event committed`);

  expect(run.customerId).toBe(customerId);
  expect(
    await h.db.segmentMembership.findUnique({ where: { segmentId_customerId: { segmentId, customerId } } }),
  ).toMatchObject({ inSegment: true });
  const entered = await h.db.event.findMany({ where: { customerId, name: 'Segment Entered' } });
  expect(entered.map((event) => event.properties)).toEqual([{ segmentId }]);
  // Only the second event qualified: one entry, one run.
  expect(await h.db.journeyRun.count({ where: { journeyId: definition.journeyId, customerId } })).toBe(1);
});

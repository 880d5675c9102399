import { afterAll, beforeAll, expect, test } from 'vitest';
import { listJourneySteps } from '@nudgeflow/db';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/** A goal event moves the run from wherever it waits to the goal node, converts it, and continues there. */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  await h?.close();
});

test('the goal event interrupts a 1-hour wait, converts the run and follows the goal path', async () => {
  const { journeyId } = await h.publish({
    name: 'Goal',
    settings: { goal: { event: { event: 'Order Completed', where: [] }, attributionWindowHours: 24 } },
    nodes: [
      node('start', 'trigger.event', { event: 'Browse Abandoned', where: [] }, { default: 'wait' }),
      node('wait', 'wait.duration', { duration: { amount: 1, unit: 'hours' } }, { default: null }),
      node('bought', 'goal', { event: 'Order Completed', where: [] }, { default: 'tag' }),
      node('tag', 'profile.update', { operations: [{ op: 'add_tag', tag: 'converted' }] }, { default: null }),
    ],
  });
  const customerId = await h.createCustomer();
  await h.emit({ customerId, name: 'Browse Abandoned' });
  const run = await h.waitFor(async () => {
    const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    return row?.currentNodeId === 'wait' ? row : undefined;
  }, 'the run to wait');
  await h.emit({ customerId, name: 'Order Completed', properties: { total: 12 } });
  const ended = await h.waitFor(
    async () => {
      const row = await h.db.journeyRun.findUniqueOrThrow({ where: { id: run.id } });
      return row.status === 'COMPLETED' ? row : undefined;
    },
    'the run to complete',
    20_000,
  );
  expect(ended.convertedAt).not.toBeNull();
  expect((await h.db.customer.findUniqueOrThrow({ where: { id: customerId } })).tags).toContain('converted');
  const steps = (await listJourneySteps(h.db, run.id)).map((step) => `${step.kind}@${step.nodeId}`);
  expect(steps).toContain('goal@bought');
  expect(steps).toContain('profile_updated@tag');
  expect(steps.some((step) => step.startsWith('waited@'))).toBe(false);
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { chooseSplitOutput, SplitConfig } from '@nudgeflow/journey';
import { listJourneySteps } from '@nudgeflow/db';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/** Re-entry rules (never / after N days / always, one active run at a time) and random splits on real runs. */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  await h?.close();
});

const shortJourney = (event: string, reentry: object, waitSeconds = 1) =>
  h.publish({
    name: `Re-entry ${event}`,
    settings: { entry: { reentry: reentry as never, uniqueBy: null } },
    nodes: [
      node('start', 'trigger.event', { event, where: [] }, { default: 'pause' }),
      node(
        'pause',
        'wait.duration',
        { duration: { amount: waitSeconds, unit: 'seconds' } },
        { default: null },
      ),
    ],
  });

const runs = (journeyId: string, customerId: string) =>
  h.db.journeyRun.findMany({ where: { journeyId, customerId }, orderBy: { startedAt: 'asc' } });

async function settle(journeyId: string, customerId: string, count: number) {
  return h.waitFor(async () => {
    const list = await runs(journeyId, customerId);
    return list.length === count && list.every((run) => run.status !== 'RUNNING') ? list : undefined;
  }, `${count} finished runs`);
}

test('re-entry never: a customer enters once, ever', async () => {
  const { journeyId } = await shortJourney('Never Event', { mode: 'never' });
  const customerId = await h.createCustomer();
  await h.emit({ customerId, name: 'Never Event' });
  await settle(journeyId, customerId, 1);
  await h.emit({ customerId, name: 'Never Event' });
  // The marker event is dispatched after the second one (same customer, in order), so once its run
  // finishes the second event has certainly been decided.
  const marker = await shortJourney('Never Marker', { mode: 'always' });
  await h.emit({ customerId, name: 'Never Marker' });
  await settle(marker.journeyId, customerId, 1);
  expect(await runs(journeyId, customerId)).toHaveLength(1);
});

test('re-entry always: one active run at a time, a new run after it ends, with a new workflow id', async () => {
  const { journeyId } = await shortJourney('Always Event', { mode: 'always' }, 2);
  const customerId = await h.createCustomer();
  await h.emit([
    { customerId, name: 'Always Event' },
    { customerId, name: 'Always Event' },
  ]);
  const [first] = await settle(journeyId, customerId, 1);
  await h.emit({ customerId, name: 'Always Event' });
  const both = await settle(journeyId, customerId, 2);
  expect(both.map((run) => run.id)).toEqual([first!.id, `${first!.id}:2`]);
});

test('re-entry after N days: refused inside the window, allowed once it has passed', async () => {
  const { journeyId } = await shortJourney('After Event', { mode: 'after', days: 7 });
  const customerId = await h.createCustomer();
  await h.emit({ customerId, name: 'After Event' });
  const [first] = await settle(journeyId, customerId, 1);
  await h.emit({ customerId, name: 'After Event' });
  const marker = await shortJourney('After Marker', { mode: 'always' });
  await h.emit({ customerId, name: 'After Marker' });
  await settle(marker.journeyId, customerId, 1);
  expect(await runs(journeyId, customerId)).toHaveLength(1);

  // Eight days later (moved back in the database rather than waited for).
  await h.db.journeyRun.update({
    where: { id: first!.id },
    data: { startedAt: new Date(Date.now() - 8 * 86_400_000) },
  });
  await h.emit({ customerId, name: 'After Event' });
  expect(await settle(journeyId, customerId, 2)).toHaveLength(2);
});

test('a random split sends each customer down the path its bucket names, and both paths are used', async () => {
  const config = SplitConfig.parse({
    paths: [
      { id: 'a', label: 'A', percent: 50 },
      { id: 'b', label: 'B', percent: 50 },
    ],
  });
  const { journeyId } = await h.publish({
    name: 'Split',
    nodes: [
      node('start', 'trigger.event', { event: 'Split Event', where: [] }, { default: 'split' }),
      node('split', 'split', config, { 'path:a': 'tag-a', 'path:b': null }),
      node(
        'tag-a',
        'profile.update',
        { operations: [{ op: 'add_tag', tag: 'variant-a' }] },
        { default: null },
      ),
    ],
  });
  const customers = await Promise.all(Array.from({ length: 30 }, () => h.createCustomer()));
  await h.emit(customers.map((customerId) => ({ customerId, name: 'Split Event' })));
  const outputs = new Set<string>();
  for (const customerId of customers) {
    const [run] = await settle(journeyId, customerId, 1);
    const step = (await listJourneySteps(h.db, run!.id)).find((s) => s.kind === 'split')!;
    const expected = chooseSplitOutput(config, customerId, 'split');
    expect((step.detail as { output: string }).output).toBe(expected);
    const customer = await h.db.customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(customer.tags.includes('variant-a')).toBe(expected === 'path:a');
    outputs.add(expected);
  }
  expect(outputs).toEqual(new Set(['path:a', 'path:b']));
});

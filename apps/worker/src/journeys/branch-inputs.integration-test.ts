import { afterAll, beforeAll, expect, test } from 'vitest';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * A branch step records the values each condition compared, not only whether it held: the run inspector
 * answers "why did they go this way?" from the step log alone.
 */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  await h?.close();
});

test('a branch logs the count it found, the window it counted in and the threshold, per condition', async () => {
  const { journeyId } = await h.publish({
    name: 'Branch inputs',
    nodes: [
      node('start', 'trigger.event', { event: 'Inputs Start', where: [] }, { default: 'pause' }),
      node('pause', 'wait.duration', { duration: { amount: 2, unit: 'seconds' } }, { default: 'decide' }),
      node(
        'decide',
        'branch',
        {
          paths: [
            {
              id: 'keen',
              label: 'Viewed twice since entry',
              condition: {
                kind: 'performed_since_entry',
                event: 'Inputs Viewed',
                where: [],
                count: { op: 'gte', value: 2 },
              },
            },
            {
              id: 'gold',
              label: 'Gold tier',
              condition: { kind: 'trait', path: 'traits.tier', op: 'eq', value: 'gold' },
            },
          ],
        },
        { 'branch:keen': null, 'branch:gold': null, default: null },
      ),
    ],
  });
  const customerId = await h.createCustomer({ traits: { tier: 'silver' } });
  const enteredAt = new Date(Date.now() - 1000);
  await h.emit({ customerId, name: 'Inputs Start', timestamp: enteredAt });
  await h.emit({ customerId, name: 'Inputs Viewed', timestamp: new Date() });

  const step = await h.waitFor(async () => {
    const run = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    if (!run) return undefined;
    return (await h.db.journeyStep.findFirst({ where: { runId: run.id, kind: 'branched' } })) ?? undefined;
  }, 'the branch step');

  const detail = step.detail as { output: string; evaluated: { pathId: string; values: unknown[] }[] };
  expect(detail.output).toBe('default');
  expect(detail.evaluated).toEqual([
    {
      pathId: 'keen',
      matched: false,
      values: [
        {
          at: '',
          kind: 'performed_since_entry',
          held: false,
          event: 'Inputs Viewed',
          count: 1,
          // The entry event itself is not counted: the window opens a millisecond after it.
          since: new Date(enteredAt.getTime() + 1).toISOString(),
          until: expect.any(String),
          threshold: { op: 'gte', value: 2 },
        },
      ],
    },
    {
      pathId: 'gold',
      matched: false,
      values: [
        {
          at: '',
          kind: 'trait',
          held: false,
          path: 'traits.tier',
          op: 'eq',
          expected: 'gold',
          actual: 'silver',
        },
      ],
    },
  ]);
  const until = (detail.evaluated[0]!.values[0] as { until: string }).until;
  expect(Date.parse(until)).toBeGreaterThan(enteredAt.getTime());
});

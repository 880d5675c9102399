import { afterAll, beforeAll, expect, test } from 'vitest';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/** A run that loops a thousand times through a wait continues as new and keeps its state across. */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  await h?.close();
});

test('a thousand loops through a wait: continueAsNew carries visits and dedupe, the run ends normally', async () => {
  const { journeyId } = await h.publish({
    name: 'Loop',
    nodes: [
      node('start', 'trigger.event', { event: 'Loop Start', where: [] }, { default: 'wait' }),
      node(
        'wait',
        'wait.events',
        {
          events: [
            { id: 'tick', matcher: { event: 'Tick', where: [] } },
            { id: 'stop', matcher: { event: 'Loop Stop', where: [] } },
          ],
          timeout: { amount: 1, unit: 'hours' },
        },
        { 'event:tick': 'wait', 'event:stop': null, timeout: null },
      ),
    ],
  });
  const customerId = await h.createCustomer();
  await h.emit({ customerId, name: 'Loop Start' });
  // Ticks go in ten batches, each sent once the previous one is consumed, so most ticks wake a run that is
  // really waiting (the loop this test is about). A thousand events at once for one run, and events racing
  // the handover itself, are signal-flood and continue-as-new tests.
  for (let batch = 0; batch < 10; batch++) {
    const ticks = Array.from({ length: 100 }, (_, i) => ({
      customerId,
      name: 'Tick',
      messageId: `tick-${customerId}-${batch}-${i}`,
    }));
    await h.emit(ticks);
    await h.waitFor(
      async () =>
        (await h.db.journeyStep.count({ where: { journeyId, kind: 'waited', run: { customerId } } })) ===
        (batch + 1) * 100,
      `tick batch ${batch + 1}`,
      120_000,
    );
  }
  await h.emit({ customerId, name: 'Loop Stop' });
  const run = await h.waitFor(
    async () => {
      const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
      return row?.status === 'COMPLETED' ? row : undefined;
    },
    'the loop to finish',
    240_000,
  );

  const result = await h.client.workflow.getHandle(run.id).result();
  expect(result.visits['wait']).toBe(1001);
  // Visibility is eventually consistent: wait until it lists the continued executions.
  const executions = await h.waitFor(async () => {
    const found = [];
    for await (const execution of h.client.workflow.list({ query: `WorkflowId = '${run.id}'` }))
      found.push(execution);
    return found.length > 1 ? found : undefined;
  }, 'the continued executions to be listed');
  expect(executions.filter((execution) => execution.status.name === 'CONTINUED_AS_NEW').length).toBe(
    executions.length - 1,
  );
  expect(await h.db.journeyStep.count({ where: { runId: run.id, kind: 'waited' } })).toBe(1001);
}, 300_000);

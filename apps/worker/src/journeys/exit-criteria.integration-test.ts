import { afterAll, beforeAll, expect, test } from 'vitest';
import { RUN_QUERY_STATE, RUN_SIGNAL_EXIT, type RunState } from '@nudgeflow/journey';
import { listJourneySteps } from '@nudgeflow/db';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/** Exit criteria and support exits interrupt a run wherever it waits, here a 1-hour timer. */
let h: JourneyHarness;
let journeyId: string;

beforeAll(async () => {
  h = await startJourneyHarness();
  ({ journeyId } = await h.publish({
    name: 'Welcome series',
    settings: {
      exitCriteria: [{ event: 'Order Completed', where: [{ path: 'total', op: 'gt', value: 0 }] }],
    },
    nodes: [
      node('signup', 'trigger.event', { event: 'Signed Up', where: [] }, { default: 'wait' }),
      node('wait', 'wait.duration', { duration: { amount: 1, unit: 'hours' } }, { default: 'offer' }),
      node(
        'offer',
        'message',
        { channels: [{ channel: 'email', templateId: 'welcome' }], topicKey: 'marketing' },
        { sent: null, skipped: null },
      ),
    ],
  }));
});

afterAll(async () => {
  await h?.close();
});

async function runWaitingOnTimer(customerId: string) {
  await h.emit({ customerId, name: 'Signed Up' });
  return h.waitFor(async () => {
    const run = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    if (!run) return undefined;
    const state = await h.client.workflow.getHandle(run.id).query<RunState>(RUN_QUERY_STATE);
    return state.waitingFor?.kind === 'timer' ? run : undefined;
  }, 'the run to wait on its timer');
}

test('an exit-criterion event ends a run waiting on a 1-hour timer at once', async () => {
  const customerId = await h.createCustomer({ email: 'e@example.com', emailOptIn: true });
  const run = await runWaitingOnTimer(customerId);
  // Filters apply: a zero-total order is not an exit.
  await h.emit({ customerId, name: 'Order Completed', properties: { total: 0 } });
  await h.emit({ customerId, name: 'Order Completed', properties: { total: 25 } });
  const ended = await h.waitFor(
    async () => {
      const row = await h.db.journeyRun.findUniqueOrThrow({ where: { id: run.id } });
      return row.status === 'EXITED' ? row : undefined;
    },
    'the run to exit',
    10_000,
  );
  expect(ended.exitReason).toMatch(/exit criterion: Order Completed .*\[exit-criteria\]/);
  const result = await h.client.workflow.getHandle(run.id).result();
  expect(result.status).toBe('exited');
  const kinds = (await listJourneySteps(h.db, run.id)).map((step) => step.kind);
  expect(kinds).toEqual(['entered', 'exited']);
  expect(await h.db.messageSend.count({ where: { customerId } })).toBe(0);
});

test('support can exit a waiting run by signal', async () => {
  const customerId = await h.createCustomer();
  const run = await runWaitingOnTimer(customerId);
  await h.client.workflow
    .getHandle(run.id)
    .signal(RUN_SIGNAL_EXIT, { reason: 'customer asked', by: 'support:u1' });
  const ended = await h.waitFor(
    async () => {
      const row = await h.db.journeyRun.findUniqueOrThrow({ where: { id: run.id } });
      return row.status === 'EXITED' ? row : undefined;
    },
    'the run to exit',
    10_000,
  );
  expect(ended.exitReason).toBe('customer asked [support:u1]');
});

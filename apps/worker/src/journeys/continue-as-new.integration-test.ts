import { afterAll, beforeAll, expect, test } from 'vitest';
import { countPendingOutbox, ensureJourneyRun } from '@nudgeflow/db';
import { RUN_SIGNAL_EVENT, type JourneyDefinition, type RunEvent } from '@nudgeflow/journey';
import type { JourneyRunOutcome, JourneyRunWorkflowInput } from '@nudgeflow/workflows';
import { runWorkflowId } from '../journey-entry';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * No event a run accepted is lost across continueAsNew (docs/engine.md): runs that hand over every few
 * events while events keep arriving, and a resumed execution whose handover missed events it was sent.
 */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Trigger → wait for Tick (loop) or Loop Stop (end). */
function loopJourney(triggerEvent: string) {
  return h.publish({
    name: 'Tick loop',
    nodes: [
      node('start', 'trigger.event', { event: triggerEvent, where: [] }, { default: 'wait' }),
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
}

/** Starts a run the way the dispatcher does (row, then signalWithStart), with input only a test sets. */
async function startRun(
  definition: JourneyDefinition,
  customerId: string,
  entryEvent: RunEvent,
  extra: Partial<JourneyRunWorkflowInput>,
) {
  const workflowId = runWorkflowId(definition.journeyId, customerId, null, 1);
  await ensureJourneyRun(h.db, {
    id: workflowId,
    workspaceId: h.workspaceId,
    journeyId: definition.journeyId,
    versionId: definition.versionId,
    customerId,
    entryKey: null,
    entryEvent,
  });
  const input: JourneyRunWorkflowInput = {
    workspaceId: h.workspaceId,
    customerId,
    definition,
    triggerNodeId: 'start',
    entryEvent,
    ...extra,
  };
  await h.client.workflow.signalWithStart('journeyRun', {
    workflowId,
    taskQueue: h.taskQueue,
    args: [input],
    signal: RUN_SIGNAL_EVENT,
    signalArgs: [entryEvent],
  });
  return workflowId;
}

/** The message ids that ended the run's waits, one per visit. */
async function consumedTicks(runId: string): Promise<string[]> {
  const steps = await h.db.journeyStep.findMany({
    where: { runId, kind: 'waited' },
    select: { detail: true },
  });
  return steps
    .map((step) => (step.detail as { event?: { name: string; messageId: string } }).event)
    .filter((event) => event?.name === 'Tick')
    .map((event) => event!.messageId);
}

async function stopAndFinish(runId: string, customerId: string): Promise<JourneyRunOutcome> {
  await h.emit({ customerId, name: 'Loop Stop' });
  return h.waitFor(
    async () => {
      const row = await h.db.journeyRun.findUnique({ where: { id: runId } });
      return row?.status === 'COMPLETED' ? h.client.workflow.getHandle(runId).result() : undefined;
    },
    'the loop to finish',
    60_000,
  );
}

test('events that arrive while the run keeps continuing as new are each consumed once', async () => {
  // The run is started here rather than by the dispatcher, with a threshold that hands over every ~20
  // events, so many handovers race the ticks being signalled. Its entry event goes through the outbox
  // like any other (no journey enters on it), which is what recovery anchors on.
  const definition = await loopJourney('Never Sent');
  const customerId = await h.createCustomer();
  const entryId = `start-${customerId}`;
  await h.emit({ customerId, name: 'Loop Start', messageId: entryId });
  await h.waitFor(
    async () => (await countPendingOutbox(h.db, h.workspaceId)) === 0,
    'the entry to be dispatched',
  );
  const entryEvent: RunEvent = {
    messageId: entryId,
    name: 'Loop Start',
    properties: {},
    timestamp: new Date().toISOString(),
  };
  const runId = await startRun(definition, customerId, entryEvent, { continueAsNewAfterEvents: 40 });

  const ticks: string[] = [];
  for (let batch = 0; batch < 6; batch++) {
    const events = Array.from({ length: 50 }, (_, i) => ({
      customerId,
      name: 'Tick',
      messageId: `tick-${customerId}-${batch}-${i}`,
    }));
    ticks.push(...events.map((event) => event.messageId));
    await h.emit(events);
  }
  await h
    .waitFor(
      async () => (await consumedTicks(runId)).length >= ticks.length,
      'every tick to end a wait',
      180_000,
    )
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}: ${(await consumedTicks(runId)).length} of ${ticks.length} consumed`);
    });
  const result = await stopAndFinish(runId, customerId);

  expect((await consumedTicks(runId)).sort()).toEqual([...ticks].sort());
  expect(result.visits['wait']).toBe(ticks.length + 1);
  const executions = await h.waitFor(async () => {
    const found = [];
    for await (const execution of h.client.workflow.list({ query: `WorkflowId = '${runId}'` }))
      found.push(execution);
    return found.length > 5 ? found : undefined;
  }, 'the continued executions to be listed');
  expect(
    executions.filter((execution) => execution.status.name === 'CONTINUED_AS_NEW').length,
  ).toBeGreaterThan(5);
}, 300_000);

test('a resumed execution recovers, from the outbox, events its handover missed', async () => {
  // The journey enters on an event nobody sends, so the dispatcher delivers this customer's events to
  // no run: exactly what a run sees when signals reached its previous execution but not the handover.
  const definition = await loopJourney('Never Sent');
  const customerId = await h.createCustomer();
  const entryId = `start-${customerId}`;
  await h.emit({ customerId, name: 'Loop Start', messageId: entryId });
  const missed = [0, 1, 2].map((i) => `tick-${customerId}-${i}`);
  await h.emit(missed.map((messageId) => ({ customerId, name: 'Tick', messageId })));
  await h.waitFor(
    async () => (await countPendingOutbox(h.db, h.workspaceId)) === 0,
    'the events to be dispatched',
  );

  const entryEvent: RunEvent = {
    messageId: entryId,
    name: 'Loop Start',
    properties: {},
    timestamp: new Date().toISOString(),
  };
  // The second execution of a run whose first one handed over only its entry, then was sent three ticks.
  const runId = await startRun(definition, customerId, entryEvent, {
    resume: {
      nodeId: 'wait',
      visits: { wait: 1 },
      seenMessageIds: [entryId],
      pendingEvents: [],
      enteredAt: new Date().toISOString(),
      reachedGoals: [],
    },
  });
  await h.waitFor(
    async () => (await consumedTicks(runId)).length === missed.length,
    'the missed ticks to end waits',
  );
  const result = await stopAndFinish(runId, customerId);
  expect(await consumedTicks(runId)).toEqual(missed);
  expect(result.visits['wait']).toBe(1 + missed.length + 1);
}, 120_000);

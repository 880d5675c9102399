import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { closeSharedDb, createApiKey, deleteCustomerData } from '@nudgeflow/db';
import { RUN_QUERY_STATE, type RunState } from '@nudgeflow/journey';
import { node, startJourneyHarness, type JourneyHarness } from '@nudgeflow/worker/testing/journey-harness';
import { startRouteServer } from '../testing/route-server';
import { v1Routes } from '../testing/v1-routes';
import { deleteRunExecutions, exitRuns } from './erase-runs';

/**
 * Erasing a customer who is waiting in a journey: the run ends cleanly (its bookkeeping finds the erased
 * rows gone and records nothing, instead of retrying a foreign-key failure for ever), and its executions are
 * deleted from Temporal, so none of the customer's events outlive the call there.
 */
let h: JourneyHarness;
let server: Awaited<ReturnType<typeof startRouteServer>>;
let apiKey: string;
let journeyId: string;

beforeAll(async () => {
  h = await startJourneyHarness();
  server = await startRouteServer(v1Routes);
  apiKey = (await createApiKey(h.db, { workspaceId: h.workspaceId, name: 'erasure test' })).plainKey;
  ({ journeyId } = await h.publish({
    name: 'Welcome',
    nodes: [
      node('signup', 'trigger.event', { event: 'Signed Up', where: [] }, { default: 'wait' }),
      node('wait', 'wait.duration', { duration: { amount: 1, unit: 'hours' } }, { default: null }),
    ],
  }));
});

afterAll(async () => {
  await server?.close();
  await h?.close();
  await closeSharedDb();
});

async function customerWaitingInRun(userId: string) {
  const customerId = await h.createCustomer({ userId });
  await h.emit({ customerId, name: 'Signed Up', properties: { plan: 'gold' } });
  const run = await h.waitFor(async () => {
    const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    if (!row) return undefined;
    const state = await h.client.workflow.getHandle(row.id).query<RunState>(RUN_QUERY_STATE);
    return state.waitingFor?.kind === 'timer' ? row : undefined;
  }, 'the run to wait on its timer');
  return { customerId, runId: run.id, handle: h.client.workflow.getHandle(run.id) };
}

async function gone(handle: WorkflowHandle): Promise<boolean> {
  try {
    await handle.describe();
    return false;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return true;
    throw error;
  }
}

describe('erasing a customer waiting in a run', () => {
  it('ends the run without a retried activity even when its rows are already gone', async () => {
    const { customerId, runId, handle } = await customerWaitingInRun(`erase-${randomUUID()}`);
    // The hard order: the rows go first, so finishing the run writes against a deleted run row.
    expect(await deleteCustomerData(h.db, customerId)).not.toBeNull();
    expect(await exitRuns([runId])).toEqual({ exited: 1, failed: 0 });
    const result = await Promise.race([
      handle.result(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the run did not end')), 15_000)),
    ]);
    expect(result).toMatchObject({ status: 'exited' });

    const { events } = await handle.fetchHistory();
    // Bookkeeping runs as local activities: each is a marker that records the attempt it succeeded on.
    const attempts = (events ?? []).flatMap((event) => {
      const data = event.markerRecordedEventAttributes?.details?.['data']?.payloads?.[0]?.data;
      if (!data) return [];
      const marker = JSON.parse(Buffer.from(data).toString()) as { activity_type: string; attempt: number };
      return [`${marker.activity_type} ${marker.attempt}`];
    });
    expect(attempts).toEqual(['startRun 1', 'recordSteps 1', 'finishRun 1']);
    expect((events ?? []).filter((event) => event.activityTaskFailedEventAttributes)).toEqual([]);

    expect(await deleteRunExecutions([runId])).toEqual({ deleted: 1, failed: 0 });
    await h.waitFor(() => gone(handle), 'the execution to be deleted from Temporal', 15_000);
  });

  it('DELETE /v1/customers/:userId ends the run and deletes its execution before answering', async () => {
    const userId = `erase-${randomUUID()}`;
    const { runId, handle } = await customerWaitingInRun(userId);
    const response = await fetch(`${server.url}/v1/customers/${encodeURIComponent(userId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      success: true,
      runsExited: 1,
      runsNotSignalled: 0,
      runsDeletedFromTemporal: 1,
      runsNotDeletedFromTemporal: 0,
    });
    expect(await h.db.journeyRun.count({ where: { id: runId } })).toBe(0);
    // Temporal deletes asynchronously once asked; the history must be gone within moments.
    await h.waitFor(() => gone(handle), 'the execution to be deleted from Temporal', 15_000);
    const listed = [];
    for await (const execution of h.client.workflow.list({ query: `WorkflowId = "${runId}"` }))
      listed.push(execution);
    expect(listed).toEqual([]);
  });
});

import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  RUN_QUERY_STATE,
  RUN_UPDATE_MIGRATE,
  type JourneyDefinition,
  type RunState,
} from '@nudgeflow/journey';
import { migrateWaitingRuns } from '@nudgeflow/web/server/journeys';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/** A running customer stays on the version they entered; waiting runs move only by explicit migration. */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  await h?.close();
});

const waitNode = node(
  'wait',
  'wait.events',
  {
    events: [{ id: 'go', matcher: { event: 'Version Go', where: [] } }],
    timeout: { amount: 1, unit: 'hours' },
  },
  { 'event:go': 'msg-a', timeout: null },
);
const message = (id: string, templateId: string) =>
  node(
    id,
    'message',
    { channels: [{ channel: 'in_app', templateId }], topicKey: 'marketing' },
    { sent: null, skipped: null },
  );

async function waitingRun(journeyId: string, customerId: string) {
  return h.waitFor(async () => {
    const run = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    if (!run) return undefined;
    const state = await h.client.workflow.getHandle(run.id).query<RunState>(RUN_QUERY_STATE);
    return state.waitingFor?.kind === 'event' ? { run, state } : undefined;
  }, 'the run to wait for its event');
}

async function sentNodes(customerId: string) {
  const sends = await h.waitFor(async () => {
    const rows = await h.db.messageSend.findMany({ where: { customerId } });
    return rows.length > 0 ? rows : undefined;
  }, 'a message');
  return sends.map((send) => send.nodeId);
}

test('version pinning, migration of a waiting run, and refusal when its node is gone', async () => {
  const v1 = await h.publish({
    name: 'Versions',
    nodes: [
      node('start', 'trigger.event', { event: 'Version Start', where: [] }, { default: 'wait' }),
      waitNode,
      message('msg-a', 'a'),
    ],
  });
  const pinned = await h.createCustomer();
  const migrated = await h.createCustomer();
  await h.emit([
    { customerId: pinned, name: 'Version Start' },
    { customerId: migrated, name: 'Version Start' },
  ]);
  const pinnedRun = await waitingRun(v1.journeyId, pinned);
  const migratedRun = await waitingRun(v1.journeyId, migrated);

  // Version 2 sends from a new node after the same wait.
  const v2: JourneyDefinition = await h.publish({
    journeyId: v1.journeyId,
    name: 'Versions',
    nodes: [
      node('start', 'trigger.event', { event: 'Version Start', where: [] }, { default: 'wait' }),
      { ...waitNode, next: { 'event:go': 'msg-b', timeout: null } },
      message('msg-b', 'b'),
    ],
  });
  const newcomer = await h.createCustomer();
  await h.emit({ customerId: newcomer, name: 'Version Start' });
  const newcomerRun = await waitingRun(v1.journeyId, newcomer);
  expect(newcomerRun.state.definitionVersion).toBe(2);
  expect(pinnedRun.state.definitionVersion).toBe(1);

  // A version without the node the run waits on is refused, naming the node; nothing changes.
  const v3: JourneyDefinition = {
    ...v2,
    versionId: '00000000-0000-4000-8000-000000000003',
    version: 3,
    nodes: { start: { ...v2.nodes['start']!, next: { default: 'msg-b' } }, 'msg-b': v2.nodes['msg-b']! },
  };
  const handle = h.client.workflow.getHandle(migratedRun.run.id);
  const refused = await handle
    .executeUpdate(RUN_UPDATE_MIGRATE, { args: [{ definition: v3, nodeMap: {} }] })
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toMatch(
    /node wait.*affected nodes: wait/,
  );
  expect((await handle.query<RunState>(RUN_QUERY_STATE)).definitionVersion).toBe(1);

  const moved = await handle.executeUpdate(RUN_UPDATE_MIGRATE, { args: [{ definition: v2, nodeMap: {} }] });
  expect(moved).toEqual({ fromVersion: 1, toVersion: 2, currentNodeId: 'wait' });
  expect((await h.db.journeyRun.findUniqueOrThrow({ where: { id: migratedRun.run.id } })).versionId).toBe(
    v2.versionId,
  );

  await h.emit([
    { customerId: pinned, name: 'Version Go' },
    { customerId: migrated, name: 'Version Go' },
    { customerId: newcomer, name: 'Version Go' },
  ]);
  expect(await sentNodes(pinned)).toEqual(['msg-a']);
  expect(await sentNodes(migrated)).toEqual(['msg-b']);
  expect(await sentNodes(newcomer)).toEqual(['msg-b']);
  const migratedSteps = await h.db.journeyStep.findMany({
    where: { runId: migratedRun.run.id, kind: 'migrated' },
  });
  expect(migratedSteps).toHaveLength(1);
});

test('moving every waiting run of an old version through the journeys API: refused unmapped, then mapped', async () => {
  const v1 = await h.publish({
    name: 'Versions API',
    nodes: [
      node('start', 'trigger.event', { event: 'Version API Start', where: [] }, { default: 'wait' }),
      waitNode,
      message('msg-a', 'a'),
    ],
  });
  const customers = [await h.createCustomer(), await h.createCustomer()];
  await h.emit(customers.map((customerId) => ({ customerId, name: 'Version API Start' })));
  for (const customerId of customers) await waitingRun(v1.journeyId, customerId);

  // Version 2 renames the wait node: runs waiting on "wait" need a mapping.
  await h.publish({
    journeyId: v1.journeyId,
    name: 'Versions API',
    nodes: [
      node('start', 'trigger.event', { event: 'Version API Start', where: [] }, { default: 'hold' }),
      { ...waitNode, id: 'hold', next: { 'event:go': 'msg-b', timeout: null } },
      message('msg-b', 'b'),
    ],
  });
  const refused = await migrateWaitingRuns(h.db, h.client, h.workspaceId, v1.journeyId, { fromVersion: 1 });
  expect(refused).toMatchObject({ ok: false, status: 409, errors: [{ nodeId: 'wait' }] });
  const stillOnV1 = await h.db.journeyRun.count({
    where: { journeyId: v1.journeyId, versionId: v1.versionId },
  });
  expect(stillOnV1).toBe(2);

  const moved = await migrateWaitingRuns(h.db, h.client, h.workspaceId, v1.journeyId, {
    fromVersion: 1,
    nodeMap: { wait: 'hold' },
  });
  expect(moved).toEqual({ ok: true, value: { fromVersion: 1, toVersion: 2, moved: 2, failed: [] } });
  await h.emit(customers.map((customerId) => ({ customerId, name: 'Version Go' })));
  for (const customerId of customers) {
    expect(await sentNodes(customerId)).toEqual(['msg-b']);
    // The run moved from `wait` to `hold` while waiting: the step log names the node it is on, which
    // version 2 has, not the one it started waiting at.
    const run = await h.db.journeyRun.findFirstOrThrow({ where: { journeyId: v1.journeyId, customerId } });
    const steps = await h.db.journeyStep.findMany({
      where: { runId: run.id, kind: { in: ['waited', 'migrated'] } },
      orderBy: { at: 'asc' },
    });
    expect(steps.map((step) => [step.kind, step.nodeId])).toEqual([
      ['migrated', 'hold'],
      ['waited', 'hold'],
    ]);
  }
});

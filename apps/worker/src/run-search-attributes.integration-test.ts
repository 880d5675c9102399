import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { env } from '@nudgeflow/config';
import { RUN_SEARCH_ATTRIBUTES } from '@nudgeflow/journey';
import { node, startJourneyHarness, type JourneyHarness } from './testing/journey-harness';
import { ensureRunSearchAttributes, runSearchAttributeKeys } from './run-search-attributes';

/** Support finds a shopper's runs in Temporal by their own user id, not our internal UUIDs. */
let h: JourneyHarness;
let journeyId: string;

beforeAll(async () => {
  h = await startJourneyHarness();
  ({ journeyId } = await h.publish({
    name: 'Welcome',
    nodes: [
      node('signup', 'trigger.event', { event: 'Signed Up', where: [] }, { default: 'wait' }),
      node('wait', 'wait.duration', { duration: { amount: 1, unit: 'hours' } }, { default: null }),
    ],
  }));
});

afterAll(async () => {
  await h?.close();
});

test('the dev server has the run search attributes registered, and registering again is a no-op', async () => {
  const namespace = env().TEMPORAL_NAMESPACE;
  await ensureRunSearchAttributes(h.connection, namespace);
  const { customAttributes } = await h.connection.operatorService.listSearchAttributes({ namespace });
  for (const attribute of Object.values(RUN_SEARCH_ATTRIBUTES)) {
    expect(Object.keys(customAttributes ?? {})).toContain(attribute.name);
  }
});

test("a run is found with a List Workflow query by the customer's user id", async () => {
  const userId = `shopper-${randomUUID()}`;
  const customerId = await h.createCustomer({ userId });
  const other = await h.createCustomer();
  await h.emit([
    { customerId, name: 'Signed Up' },
    { customerId: other, name: 'Signed Up' },
  ]);
  const run = await h.waitFor(
    async () => (await h.db.journeyRun.findFirst({ where: { journeyId, customerId } })) ?? undefined,
    'the run to start',
  );

  const query = `${RUN_SEARCH_ATTRIBUTES.userId.name} = "${userId}"`;
  // Visibility is updated asynchronously after the start.
  const found = await h.waitFor(async () => {
    const executions = [];
    for await (const execution of h.client.workflow.list({ query })) executions.push(execution);
    return executions.length > 0 ? executions : undefined;
  }, `a workflow matching ${query}`);
  expect(found.map((execution) => execution.workflowId)).toEqual([run.id]);
  const attributes = found[0]!.typedSearchAttributes;
  expect(attributes.get(runSearchAttributeKeys.userId)).toBe(userId);
  expect(attributes.get(runSearchAttributeKeys.workspaceId)).toBe(h.workspaceId);
  expect(attributes.get(runSearchAttributeKeys.journeyId)).toBe(journeyId);
  expect(attributes.get(runSearchAttributeKeys.journeyVersion)).toBe(1);

  // The other attributes narrow a search too: this journey's version-1 runs are both customers'.
  const byJourney = `${RUN_SEARCH_ATTRIBUTES.journeyId.name} = "${journeyId}" AND ${RUN_SEARCH_ATTRIBUTES.journeyVersion.name} = 1`;
  const journeyRuns = await h.waitFor(async () => {
    const ids = [];
    for await (const execution of h.client.workflow.list({ query: byJourney }))
      ids.push(execution.workflowId);
    return ids.length === 2 ? ids : undefined;
  }, 'both runs of the journey');
  expect(journeyRuns).toContain(run.id);

  for (const id of journeyRuns) await h.client.workflow.getHandle(id).terminate('test over');
});

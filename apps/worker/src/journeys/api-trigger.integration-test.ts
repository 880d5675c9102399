import { afterAll, beforeAll, expect, test } from 'vitest';
import { triggerJourney } from '@nudgeflow/web/server/journeys';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/** A backend enters customers through the journeys API: durable through the outbox, deduplicated, checked. */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  await h?.close();
});

test('the API trigger enters a customer once per messageId, with its properties as the entry event', async () => {
  const { journeyId } = await h.publish({
    name: 'Order follow-up',
    nodes: [
      node('api', 'trigger.api', { requiredProperties: ['order_id'] }, { default: 'thanks' }),
      node(
        'thanks',
        'message',
        { channels: [{ channel: 'in_app', templateId: 'thanks' }], topicKey: 'transactional' },
        { sent: null, skipped: null },
      ),
    ],
  });
  // Another journey on an API trigger must not take this journey's entries.
  const { journeyId: otherJourneyId } = await h.publish({
    name: 'Other API journey',
    nodes: [node('api', 'trigger.api', { requiredProperties: [] }, { default: null })],
  });
  const customerId = await h.createCustomer({ userId: 'api-trigger-user' });

  const missing = await triggerJourney(h.db, h.workspaceId, journeyId, { userId: 'api-trigger-user' });
  expect(missing).toMatchObject({ ok: false, status: 400, errors: [{ field: 'properties.order_id' }] });
  const stranger = await triggerJourney(h.db, h.workspaceId, journeyId, {
    userId: 'nobody',
    properties: { order_id: 'o-1' },
  });
  expect(stranger).toMatchObject({ ok: false, status: 404, errors: [{ field: 'userId' }] });

  const call = { userId: 'api-trigger-user', properties: { order_id: 'o-1' }, messageId: 'api-call-1' };
  expect(await triggerJourney(h.db, h.workspaceId, journeyId, call)).toEqual({
    ok: true,
    value: { messageId: 'api-call-1', accepted: true },
  });
  // A retried call changes nothing.
  expect(await triggerJourney(h.db, h.workspaceId, journeyId, call)).toEqual({
    ok: true,
    value: { messageId: 'api-call-1', accepted: false },
  });

  const run = await h.waitFor(async () => {
    const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    return row?.status === 'COMPLETED' ? row : undefined;
  }, 'the API-triggered run to complete');
  expect(run.entryEvent).toMatchObject({ properties: { order_id: 'o-1', journeyId } });
  const sends = await h.db.messageSend.findMany({ where: { journeyId, customerId } });
  expect(sends.map((send) => send.nodeId)).toEqual(['thanks']);
  expect(await h.db.journeyRun.count({ where: { journeyId, customerId } })).toBe(1);
  expect(await h.db.journeyRun.count({ where: { journeyId: otherJourneyId } })).toBe(0);
});

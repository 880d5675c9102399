import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listJourneySteps } from '@nudgeflow/db';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * Product Added → wait up to 3 s for Order Completed with the same cart_id → if none, a message (push, else
 * email) carrying the product's name, price and image from the entry event. One run per cart.
 */
let h: JourneyHarness;
let journeyId: string;

beforeAll(async () => {
  h = await startJourneyHarness();
  const definition = await h.publish({
    name: 'Cart abandonment',
    settings: { entry: { reentry: { mode: 'always' }, uniqueBy: 'cart_id' } },
    nodes: [
      node('added', 'trigger.event', { event: 'Product Added', where: [] }, { default: 'wait' }),
      node(
        'wait',
        'wait.events',
        {
          events: [
            { id: 'ordered', matcher: { event: 'Order Completed', where: [] }, matchEntryKey: 'cart_id' },
          ],
          timeout: { amount: 3, unit: 'seconds' },
        },
        { 'event:ordered': null, timeout: 'remind' },
      ),
      node(
        'remind',
        'message',
        {
          channels: [
            { channel: 'push', templateId: 'cart-push' },
            { channel: 'email', templateId: 'cart-email' },
          ],
          topicKey: 'marketing',
        },
        { sent: null, skipped: null },
      ),
    ],
  });
  journeyId = definition.journeyId;
});

afterAll(async () => {
  await h?.close();
});

const runsOf = (customerId: string) =>
  h.db.journeyRun.findMany({ where: { journeyId, customerId }, orderBy: { startedAt: 'asc' } });

const finished = (customerId: string, count = 1) =>
  h.waitFor(async () => {
    const runs = await runsOf(customerId);
    return runs.length >= count && runs.every((run) => run.status !== 'RUNNING') ? runs : undefined;
  }, `runs of ${customerId} to finish`);

const product = {
  cart_id: 'cart-1',
  product_id: 'sku-42',
  name: 'Trail Runner',
  price: 89.5,
  image_url: 'https://shop.test/tr.png',
};

test('no order within the wait: one message by email (no push subscription) with the product from the entry event', async () => {
  const customerId = await h.createCustomer({ email: 'ann@example.com', emailOptIn: true });
  await h.emit({ customerId, name: 'Product Added', properties: { ...product, cart_id: randomUUID() } });
  const [run] = await finished(customerId);
  expect(run!.status).toBe('COMPLETED');

  const sends = await h.db.messageSend.findMany({ where: { customerId } });
  expect(sends).toHaveLength(1);
  expect(sends[0]!.channel).toBe('email');
  expect(sends[0]!.idempotencyKey).toBe(`${run!.id}:remind:1`);
  expect(sends[0]!.skipped).toEqual([{ channel: 'push', reason: 'no push subscription' }]);

  const steps = await listJourneySteps(h.db, run!.id);
  expect(steps.map((step) => step.kind)).toEqual([
    'entered',
    'waited',
    'message_requested',
    'message_sent',
    'completed',
  ]);
  const waited = steps.find((step) => step.kind === 'waited')!.detail as Record<string, unknown>;
  expect(waited['endedBy']).toBe('timeout');
  const requested = steps.find((step) => step.kind === 'message_requested')!.detail as {
    context: Record<string, unknown>;
  };
  expect(requested.context).toMatchObject({
    name: 'Trail Runner',
    price: 89.5,
    image_url: 'https://shop.test/tr.png',
  });
});

test('a push subscriber gets push', async () => {
  const customerId = await h.createCustomer({ email: 'bo@example.com', emailOptIn: true });
  await h.db.pushSubscription.create({
    data: {
      workspaceId: h.workspaceId,
      customerId,
      endpoint: `https://push.test/${randomUUID()}`,
      p256dh: 'k',
      auth: 'a',
    },
  });
  await h.emit({ customerId, name: 'Product Added', properties: { ...product, cart_id: randomUUID() } });
  await finished(customerId);
  const sends = await h.db.messageSend.findMany({ where: { customerId } });
  expect(sends.map((send) => send.channel)).toEqual(['push']);
});

test('an Order Completed for the same cart during the wait ends the run with no message', async () => {
  const customerId = await h.createCustomer({ email: 'cy@example.com', emailOptIn: true });
  const cartId = randomUUID();
  await h.emit({ customerId, name: 'Product Added', properties: { ...product, cart_id: cartId } });
  await h.waitFor(async () => (await runsOf(customerId)).length === 1, 'the run to start');
  // Another cart's order does not end this wait; this cart's does.
  await h.emit({ customerId, name: 'Order Completed', properties: { cart_id: 'someone-elses-cart' } });
  await h.emit({ customerId, name: 'Order Completed', properties: { cart_id: cartId, total: 89.5 } });
  const [run] = await finished(customerId);
  expect(run!.status).toBe('COMPLETED');
  expect(await h.db.messageSend.count({ where: { customerId } })).toBe(0);
  const waited = (await listJourneySteps(h.db, run!.id)).find((step) => step.kind === 'waited')!;
  expect(waited.detail).toMatchObject({ endedBy: 'event', output: 'event:ordered' });
});

test('a second Product Added for the same cart starts no second run; another cart does', async () => {
  const customerId = await h.createCustomer({ email: 'di@example.com', emailOptIn: true });
  const cartId = randomUUID();
  await h.emit([
    { customerId, name: 'Product Added', properties: { ...product, cart_id: cartId } },
    { customerId, name: 'Product Added', properties: { ...product, cart_id: cartId, product_id: 'sku-43' } },
  ]);
  await h.emit({
    customerId,
    name: 'Product Added',
    properties: { ...product, cart_id: cartId, product_id: 'sku-44' },
  });
  await h.emit({ customerId, name: 'Product Added', properties: { ...product, cart_id: randomUUID() } });
  const runs = await finished(customerId, 2);
  expect(runs).toHaveLength(2);
  expect(new Set(runs.map((run) => run.entryKey)).size).toBe(2);
  expect(await h.db.messageSend.count({ where: { customerId } })).toBe(2);
});

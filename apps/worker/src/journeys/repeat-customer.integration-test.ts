import { afterAll, beforeAll, expect, test } from 'vitest';
import { listJourneySteps } from '@nudgeflow/db';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * Order Completed → wait up to 3 s for another order → thank-you in-app if they buy; otherwise a branch on
 * reachability picks a personalised offer by email (with a deep link from the order) or in-app.
 */
let h: JourneyHarness;
let journeyId: string;

beforeAll(async () => {
  h = await startJourneyHarness();
  ({ journeyId } = await h.publish({
    name: 'Repeat customer',
    settings: { entry: { reentry: { mode: 'always' }, uniqueBy: null } },
    nodes: [
      node('ordered', 'trigger.event', { event: 'Order Completed', where: [] }, { default: 'wait' }),
      node(
        'wait',
        'wait.events',
        {
          events: [{ id: 'again', matcher: { event: 'Order Completed', where: [] } }],
          timeout: { amount: 3, unit: 'seconds' },
        },
        { 'event:again': 'thanks', timeout: 'reach' },
      ),
      node(
        'thanks',
        'message',
        { channels: [{ channel: 'in_app', templateId: 'thank-you' }], topicKey: 'marketing' },
        { sent: null, skipped: null },
      ),
      node(
        'reach',
        'branch',
        { paths: [{ id: 'email', label: 'Has email', condition: { kind: 'reachable', channel: 'email' } }] },
        { 'branch:email': 'offer-email', default: 'offer-in-app' },
      ),
      node(
        'offer-email',
        'message',
        { channels: [{ channel: 'email', templateId: 'offer' }], topicKey: 'marketing' },
        { sent: null, skipped: null },
      ),
      node(
        'offer-in-app',
        'message',
        { channels: [{ channel: 'in_app', templateId: 'offer' }], topicKey: 'marketing' },
        { sent: null, skipped: null },
      ),
    ],
  }));
});

afterAll(async () => {
  await h?.close();
});

const order = (total: number) => ({
  name: 'Order Completed',
  properties: {
    order_id: `o-${total}`,
    total,
    recommended_url: 'https://shop.test/p/socks?utm_source=nudgeflow',
  },
});

async function finishedRun(customerId: string) {
  return h.waitFor(async () => {
    const run = await h.db.journeyRun.findFirst({
      where: { journeyId, customerId },
      orderBy: { startedAt: 'asc' },
    });
    return run && run.status !== 'RUNNING' ? run : undefined;
  }, 'the first run to finish');
}

test('a second order within the window: thank-you in-app, no offer', async () => {
  const customerId = await h.createCustomer({ email: 'r@example.com', emailOptIn: true });
  await h.emit({ customerId, ...order(40) });
  await h.waitFor(
    async () => (await h.db.journeyRun.count({ where: { journeyId, customerId } })) === 1,
    'the run',
  );
  await h.emit({ customerId, ...order(60) });
  const run = await finishedRun(customerId);
  const sends = await h.db.messageSend.findMany({ where: { runId: run.id } });
  expect(sends.map((send) => [send.nodeId, send.channel])).toEqual([['thanks', 'in_app']]);
});

test('no second order: an offer by email with the deep link, chosen by the reachability branch', async () => {
  const customerId = await h.createCustomer({ email: 's@example.com', emailOptIn: true });
  await h.emit({ customerId, ...order(35) });
  const run = await finishedRun(customerId);
  const sends = await h.db.messageSend.findMany({ where: { runId: run.id } });
  expect(sends.map((send) => [send.nodeId, send.channel])).toEqual([['offer-email', 'email']]);
  const steps = await listJourneySteps(h.db, run.id);
  const branched = steps.find((step) => step.kind === 'branched')!;
  expect(branched.detail).toMatchObject({
    output: 'branch:email',
    evaluated: [{ pathId: 'email', matched: true }],
  });
  const requested = steps.find((step) => step.kind === 'message_requested')!.detail as {
    context: Record<string, unknown>;
  };
  expect(requested.context['recommended_url']).toBe('https://shop.test/p/socks?utm_source=nudgeflow');
});

test('no second order and no email consent: the offer goes in-app', async () => {
  const customerId = await h.createCustomer();
  await h.emit({ customerId, ...order(20) });
  const run = await finishedRun(customerId);
  const sends = await h.db.messageSend.findMany({ where: { runId: run.id } });
  expect(sends.map((send) => [send.nodeId, send.channel])).toEqual([['offer-in-app', 'in_app']]);
});

/**
 * Records journeyRun histories as replay fixtures (workflows/test/fixtures/*.json). It drives the worker
 * harness, so it lives beside it rather than in workflows/, which holds only deterministic workflow code
 * and its tests. Run it when the interpreter ships a release, against the dev stack:
 *   DATABASE_URL=… TEMPORAL_ADDRESS=… NODE_ENV=test npx tsx apps/worker/src/testing/record-histories.ts
 * The replay test then guards every later interpreter change: a change that would alter these histories
 * must go behind `patched()`.
 */
import { RUN_UPDATE_MIGRATE } from '@nudgeflow/journey';
import { historyRecorder } from './history-recorder';
import { node, startJourneyHarness } from './journey-harness';

const h = await startJourneyHarness();

const { finished, save } = historyRecorder(h);

try {
  const cart = await h.publish({
    name: 'Cart abandonment',
    settings: {
      entry: { reentry: { mode: 'always' }, uniqueBy: 'cart_id' },
      exitCriteria: [{ event: 'Unsubscribed', where: [] }],
    },
    nodes: [
      node('added', 'trigger.event', { event: 'Product Added', where: [] }, { default: 'wait' }),
      node(
        'wait',
        'wait.events',
        {
          events: [
            { id: 'ordered', matcher: { event: 'Order Completed', where: [] }, matchEntryKey: 'cart_id' },
          ],
          timeout: { amount: 2, unit: 'seconds' },
        },
        { 'event:ordered': null, timeout: 'reach' },
      ),
      node(
        'reach',
        'branch',
        { paths: [{ id: 'email', label: 'Email', condition: { kind: 'reachable', channel: 'email' } }] },
        { 'branch:email': 'split', default: 'split' },
      ),
      node(
        'split',
        'split',
        {
          paths: [
            { id: 'a', label: 'A', percent: 50 },
            { id: 'b', label: 'B', percent: 50 },
          ],
          holdoutPercent: 0,
        },
        { 'path:a': 'tag', 'path:b': 'tag' },
      ),
      node(
        'tag',
        'profile.update',
        { operations: [{ op: 'add_tag', tag: 'abandoner' }] },
        { default: 'remind' },
      ),
      node(
        'remind',
        'message',
        {
          channels: [
            { channel: 'push', templateId: 'p' },
            { channel: 'email', templateId: 'e' },
          ],
          topicKey: 'marketing',
        },
        { sent: 'later', skipped: null },
      ),
      node('later', 'wait.duration', { duration: { amount: 1, unit: 'hours' } }, { default: null }),
    ],
  });

  const timedOut = await h.createCustomer({ email: 'a@example.com', emailOptIn: true });
  await h.emit({
    customerId: timedOut,
    name: 'Product Added',
    properties: { cart_id: 'c1', name: 'Shoe', price: 10 },
  });
  const waitingLater = await h.waitFor(async () => {
    const run = await h.db.journeyRun.findFirst({
      where: { journeyId: cart.journeyId, customerId: timedOut },
    });
    return run?.currentNodeId === 'later' ? run : undefined;
  }, 'the run to reach the last wait');
  await h.emit({ customerId: timedOut, name: 'Unsubscribed' });
  await save('cart-timeout-branch-split-message-exit', waitingLater.id);

  const bought = await h.createCustomer();
  await h.emit({ customerId: bought, name: 'Product Added', properties: { cart_id: 'c2' } });
  await h.emit({ customerId: bought, name: 'Order Completed', properties: { cart_id: 'other' } });
  await h.emit({ customerId: bought, name: 'Order Completed', properties: { cart_id: 'c2' } });
  await save('cart-ordered', (await finished(cart.journeyId, bought)).id);

  const v1 = await h.publish({
    name: 'Migration',
    nodes: [
      node('start', 'trigger.event', { event: 'Mig Start', where: [] }, { default: 'wait' }),
      node(
        'wait',
        'wait.events',
        {
          events: [{ id: 'go', matcher: { event: 'Mig Go', where: [] } }],
          timeout: { amount: 1, unit: 'hours' },
        },
        { 'event:go': 'a', timeout: null },
      ),
      node('a', 'exit', { reason: 'v1 path' }),
    ],
  });
  const migrating = await h.createCustomer();
  await h.emit({ customerId: migrating, name: 'Mig Start' });
  const run = await h.waitFor(async () => {
    const row = await h.db.journeyRun.findFirst({
      where: { journeyId: v1.journeyId, customerId: migrating },
    });
    return row?.currentNodeId === 'wait' ? row : undefined;
  }, 'the run to wait');
  const v2 = await h.publish({
    journeyId: v1.journeyId,
    name: 'Migration',
    nodes: [
      node('start', 'trigger.event', { event: 'Mig Start', where: [] }, { default: 'wait' }),
      node(
        'wait',
        'wait.events',
        {
          events: [{ id: 'go', matcher: { event: 'Mig Go', where: [] } }],
          timeout: { amount: 1, unit: 'hours' },
        },
        { 'event:go': 'b', timeout: null },
      ),
      node('b', 'exit', { reason: 'v2 path' }),
    ],
  });
  await h.client.workflow
    .getHandle(run.id)
    .executeUpdate(RUN_UPDATE_MIGRATE, { args: [{ definition: v2, nodeMap: {} }] });
  await h.emit({ customerId: migrating, name: 'Mig Go' });
  await save('migrated-waiting-run', run.id);
} finally {
  await h.close();
}
process.exit(0);

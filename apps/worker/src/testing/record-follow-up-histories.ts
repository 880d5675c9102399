/**
 * Records message-node follow-up histories as replay fixtures (workflows/test/fixtures/*.json), like
 * record-histories.ts does for the rest of the interpreter:
 *   DATABASE_URL=… TEMPORAL_ADDRESS=… NODE_ENV=test npx tsx apps/worker/src/testing/record-follow-up-histories.ts [prefix]
 * With the recording sender every send counts as sent and nothing is opened, so the first run waits,
 * checks, and sends its follow-up; the second is opened (a receipt on its send) and gets none. Run against
 * an interpreter from before `patched('message-follow-up')` (prefix `pre-patch-`), it records what old
 * runs with a follow-up configured look like: they went straight on after the first send.
 */
import { recordReceipt } from '@nudgeflow/db';
import { historyRecorder } from './history-recorder';
import { node, startJourneyHarness } from './journey-harness';

const prefix = process.argv[2] ?? '';
const h = await startJourneyHarness();

const { finished, save } = historyRecorder(h, prefix);

try {
  const journey = await h.publish({
    name: 'Follow-up',
    settings: { exitCriteria: [{ event: 'Order Completed', where: [] }] },
    nodes: [
      node('start', 'trigger.event', { event: 'FU Record', where: [] }, { default: 'remind' }),
      node(
        'remind',
        'message',
        {
          channels: [{ channel: 'email', templateId: 'e' }],
          topicKey: 'marketing',
          followUp: {
            after: { amount: 2, unit: 'seconds' },
            unless: 'opened',
            channels: [{ channel: 'in_app', templateId: 'i' }],
          },
        },
        { sent: 'done', skipped: null },
      ),
      node('done', 'wait.duration', { duration: { amount: 1, unit: 'seconds' } }, { default: null }),
    ],
  });

  const unopened = await h.createCustomer({ email: 'fu@example.com', emailOptIn: true });
  await h.emit({ customerId: unopened, name: 'FU Record' });
  await save('message-follow-up-sent', (await finished(journey.journeyId, unopened)).id);

  const opened = await h.createCustomer({ email: 'fu-open@example.com', emailOptIn: true });
  await h.emit({ customerId: opened, name: 'FU Record' });
  const send = await h.waitFor(
    async () =>
      (await h.db.messageSend.findFirst({ where: { customerId: opened, journeyId: journey.journeyId } })) ??
      undefined,
    'the first send',
  );
  await recordReceipt(h.db, { sendId: send.id, type: 'opened' });
  await save('message-follow-up-opened', (await finished(journey.journeyId, opened)).id);
} finally {
  await h.close();
}
process.exit(0);

import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBuiltInChannels, createMessageSender, saveTemplateWithCompile } from '@nudgeflow/channels';
import { closeDb, createDb, listJourneySteps, type Db } from '@nudgeflow/db';
import { startSmtpReceiver, type SmtpReceiver } from '@nudgeflow/channels/testing/smtp-receiver';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * A template declares what it cannot do without (`requires`, `{% abort_message %}`): through the real
 * worker, Temporal, Postgres, SMTP and message sender, a message missing it is not sent, the reason is in
 * the delivery log and the step log, and the next channel (in-app) is tried. A product event without
 * `product_id` still names its product, from the event's own properties.
 */
let h: JourneyHarness;
let smtp: SmtpReceiver;
let closeChannels: () => void;
let senderDb: Db;
let inAppTemplate: string;

const MJML = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  senderDb = createDb();
  const built = createBuiltInChannels({ db: senderDb, email: { transport: smtp.url } });
  closeChannels = built.close;
  const sender = createMessageSender({
    db: senderDb,
    channels: built.channels,
    publicUrl: 'https://app.nudgeflow.test',
  });
  h = await startJourneyHarness({ sendMessage: (request) => sender.send(request) });
  await h.db.workspace.update({
    where: { id: h.workspaceId },
    data: { settings: { governance: { quietHours: null, frequencyCaps: [] } } },
  });
  inAppTemplate = await template('in_app', 'fallback', {
    variants: { en: { html: '<p>Your cart is waiting.</p>' } },
  });
});

afterAll(async () => {
  await h?.close();
  closeChannels?.();
  if (senderDb) await closeDb(senderDb);
  await smtp?.close();
});

async function template(channel: 'email' | 'in_app', name: string, content: unknown): Promise<string> {
  const saved = await saveTemplateWithCompile(h.db, { workspaceId: h.workspaceId, name, channel, content });
  if (!saved.ok) throw new Error(`template ${name}: ${JSON.stringify(saved.errors)}`);
  return saved.template.id;
}

/** Email first, in-app as the fallback; runs end on `sent` or `skipped`. */
async function publishReminder(event: string, emailTemplate: string) {
  return h.publish({
    name: `Reminder ${event}`,
    nodes: [
      node('start', 'trigger.event', { event, where: [] }, { default: 'remind' }),
      node(
        'remind',
        'message',
        {
          channels: [
            { channel: 'email', templateId: emailTemplate },
            { channel: 'in_app', templateId: inAppTemplate },
          ],
          topicKey: 'marketing',
        },
        { sent: 'after_sent', skipped: 'after_skipped' },
      ),
      node('after_sent', 'exit', { reason: 'went on sent' }),
      node('after_skipped', 'exit', { reason: 'went on skipped' }),
    ],
  });
}

async function runFor(event: string, emailTemplate: string, properties: Record<string, unknown>) {
  const { journeyId } = await publishReminder(event, emailTemplate);
  const email = `${event.toLowerCase().replace(/\W+/g, '-')}@shop.test`;
  const customerId = await h.createCustomer({ email, emailOptIn: true });
  await h.emit({ customerId, name: event, properties });
  const run = await h.waitFor(
    async () => {
      const found = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
      return found && found.status !== 'RUNNING' ? found : undefined;
    },
    'the run to end',
    60_000,
  );
  const sends = await h.db.messageSend.findMany({ where: { runId: run.id } });
  const steps = await listJourneySteps(h.db, run.id);
  const mails = smtp.mails.filter((mail) => mail.envelopeTo.includes(email));
  return { run, sends, steps, mails, customerId };
}

test('an {% abort_message %} stops the email, records why, and the in-app fallback goes out', async () => {
  const email = await template('email', 'aborting reminder', {
    variants: {
      en: {
        subject: 'Still thinking about {{ product.name }}?',
        mjml: MJML(
          '{% unless product.name %}{% abort_message "no product to name" %}{% endunless %}{{ product.name }}',
        ),
      },
    },
  });
  const { run, sends, steps, mails, customerId } = await runFor('Abort Added', email, { quantity: 1 });

  expect(run.exitReason).toBe('went on sent');
  expect(mails).toHaveLength(0);
  expect(sends.map((send) => [send.channel, send.status])).toEqual([['in_app', 'SENT']]);
  const reason = expect.stringMatching(/^not sent: the template aborted the message: no product to name$/);
  expect(sends[0]!.skipped).toEqual([{ channel: 'email', reason }]);
  const sent = steps.find((step) => step.kind === 'message_sent')!.detail as Record<string, unknown>;
  expect(sent.skipped).toEqual([{ channel: 'email', reason }]);
  expect(await h.db.inAppMessage.count({ where: { customerId } })).toBe(1);
});

test('a template that requires product.name is not sent without it; the next channel is tried', async () => {
  const email = await template('email', 'requiring reminder', {
    requires: ['product.name'],
    variants: {
      en: { subject: 'Still thinking about {{ product.name }}?', mjml: MJML('{{ product.name }}') },
    },
  });
  const { run, sends, steps, mails } = await runFor('Requires Added', email, { quantity: 1 });

  expect(run.exitReason).toBe('went on sent');
  expect(mails).toHaveLength(0);
  const reason = 'not sent: the template requires product.name, which this customer lacks';
  expect(sends.map((send) => [send.channel, send.status, send.skipped])).toEqual([
    ['in_app', 'SENT', [{ channel: 'email', reason }]],
  ]);
  const sent = steps.find((step) => step.kind === 'message_sent')!.detail as Record<string, unknown>;
  expect(sent.skipped).toEqual([{ channel: 'email', reason }]);
});

test('an event without product_id names its product from its own properties (no catalog match)', async () => {
  const email = await template('email', 'named reminder', {
    requires: ['product.name'],
    variants: {
      en: {
        subject: 'Still thinking about {{ product.name }}?',
        mjml: MJML('{{ product.name }} for {{ product.price | money: product.currency }}'),
      },
    },
  });
  const { run, sends, mails } = await runFor('Named Added', email, {
    name: 'Trail boots',
    price: 49.99,
    currency: 'EUR',
  });

  expect(run.exitReason).toBe('went on sent');
  expect(sends.map((send) => [send.channel, send.status])).toEqual([['email', 'SENT']]);
  expect(mails).toHaveLength(1);
  expect(mails[0]!.parsed.subject).toBe('Still thinking about Trail boots?');
  expect(mails[0]!.parsed.html).toContain('Trail boots for €49.99');
});

test('a message reads the event that ended its wait, the latest event and the last events of a name', async () => {
  const email = await template('email', 'browse reminder', {
    requires: ['wait_event'],
    variants: {
      en: {
        subject: 'You looked at {{ recent_events["Product Viewed"][0].properties.name }}',
        mjml: MJML(
          'wait:{{ wait_event.name }}/{{ wait_event.properties.step }}|latest:{{ latest_event.name }}|' +
            'viewed:{% for view in recent_events["Product Viewed"] limit: 2 %}{{ view.properties.name }};{% endfor %}',
        ),
      },
    },
  });
  const { journeyId } = await h.publish({
    name: 'Browse reminder',
    nodes: [
      node('start', 'trigger.event', { event: 'Browse Started', where: [] }, { default: 'wait' }),
      node(
        'wait',
        'wait.events',
        {
          events: [{ id: 'checkout', matcher: { event: 'Checkout Step', where: [] } }],
          timeout: { amount: 30, unit: 'seconds' },
        },
        { 'event:checkout': 'remind', timeout: null },
      ),
      node(
        'remind',
        'message',
        { channels: [{ channel: 'email', templateId: email }], topicKey: 'marketing' },
        { sent: null, skipped: null },
      ),
    ],
  });
  const address = 'browser@shop.test';
  const customerId = await h.createCustomer({ email: address, emailOptIn: true });
  const at = (seconds: number) => new Date(Date.now() - 60_000 + seconds * 1000);
  await h.emit([
    { customerId, type: 'TRACK', name: 'Product Viewed', properties: { name: 'Boots' }, timestamp: at(1) },
    { customerId, type: 'TRACK', name: 'Product Viewed', properties: { name: 'Socks' }, timestamp: at(2) },
    { customerId, type: 'TRACK', name: 'Product Viewed', properties: { name: 'Laces' }, timestamp: at(3) },
    { customerId, type: 'TRACK', name: 'Browse Started', properties: {}, timestamp: at(4) },
  ]);
  await h.waitFor(
    async () => (await h.db.journeyRun.count({ where: { journeyId, customerId } })) > 0 || undefined,
    'the run to start',
  );
  await h.emit({
    customerId,
    type: 'TRACK',
    name: 'Checkout Step',
    properties: { step: 2 },
    timestamp: at(5),
  });
  const mail = await h.waitFor(
    async () => smtp.mails.find((candidate) => candidate.envelopeTo.includes(address)),
    'the browse reminder',
    60_000,
  );
  expect(mail.parsed.subject).toBe('You looked at Laces');
  expect(mail.parsed.html).toContain('wait:Checkout Step/2|latest:Checkout Step|viewed:Laces;Socks;');
});

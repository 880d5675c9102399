import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  createBuiltInChannels,
  createMessageSender,
  recordOpen,
  saveTemplateWithCompile,
} from '@nudgeflow/channels';
import { closeDb, createDb, listJourneySteps, type Db } from '@nudgeflow/db';
import { RUN_QUERY_STATE, type RunState } from '@nudgeflow/journey';
import { startSmtpReceiver, type SmtpReceiver } from '@nudgeflow/channels/testing/smtp-receiver';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * A message node's follow-up through the real worker, Temporal, Postgres, SMTP and the real message
 * sender: email first; when it is not opened within `after`, the follow-up goes out by SMS else in-app.
 */
let h: JourneyHarness;
let smtp: SmtpReceiver;
let closeChannels: () => void;
let senderDb: Db;
let emailTemplate: string;
let smsTemplate: string;
let inAppTemplate: string;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  // The sender gets its own client: the harness's is created with the harness, after the sender.
  senderDb = createDb();
  const db = senderDb;
  const built = createBuiltInChannels({ db, email: { transport: smtp.url } });
  closeChannels = built.close;
  const sender = createMessageSender({
    db,
    channels: built.channels,
    publicUrl: 'https://app.nudgeflow.test',
  });
  h = await startJourneyHarness({ sendMessage: (request) => sender.send(request) });
  // Quiet hours and caps are governance's tests; here they must not depend on the hour the suite runs.
  await h.db.workspace.update({
    where: { id: h.workspaceId },
    data: { settings: { governance: { quietHours: null, frequencyCaps: [] } } },
  });
  emailTemplate = await template('email', {
    variants: {
      en: {
        subject: 'Your cart is waiting',
        mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello</mj-text></mj-column></mj-section></mj-body></mjml>',
      },
    },
    fromAddress: 'shop@shop.test',
  });
  smsTemplate = await template('sms', { variants: { en: { body: 'Your cart is waiting' } } });
  inAppTemplate = await template('in_app', { variants: { en: { html: '<p>Still want it?</p>' } } });
});

afterAll(async () => {
  await h?.close();
  closeChannels?.();
  if (senderDb) await closeDb(senderDb);
  await smtp?.close();
});

async function template(channel: 'email' | 'sms' | 'in_app', content: unknown): Promise<string> {
  const saved = await saveTemplateWithCompile(h.db, {
    workspaceId: h.workspaceId,
    name: `${channel} follow-up test`,
    channel,
    content,
  });
  if (!saved.ok) throw new Error(`template ${channel}: ${JSON.stringify(saved.errors)}`);
  return saved.template.id;
}

async function publishFollowUp(event: string, after: { amount: number; unit: 'seconds' | 'hours' }) {
  return h.publish({
    name: `Follow-up ${event}`,
    settings: { exitCriteria: [{ event: 'Order Completed', where: [] }] },
    nodes: [
      node('start', 'trigger.event', { event, where: [] }, { default: 'remind' }),
      node(
        'remind',
        'message',
        {
          channels: [{ channel: 'email', templateId: emailTemplate }],
          topicKey: 'marketing',
          followUp: {
            after,
            unless: 'opened',
            channels: [
              { channel: 'sms', templateId: smsTemplate },
              { channel: 'in_app', templateId: inAppTemplate },
            ],
          },
        },
        { sent: 'after_sent', skipped: 'after_skipped' },
      ),
      node('after_sent', 'exit', { reason: 'went on sent' }),
      node('after_skipped', 'exit', { reason: 'went on skipped' }),
    ],
  });
}

async function endedRun(journeyId: string, customerId: string) {
  return h.waitFor(
    async () => {
      const run = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
      return run && run.status !== 'RUNNING' ? run : undefined;
    },
    'the run to end',
    60_000,
  );
}

async function stepsOf(runId: string) {
  return (await listJourneySteps(h.db, runId)).map((step) => ({
    kind: step.kind,
    detail: step.detail as Record<string, unknown>,
  }));
}

test('an email not opened within `after` is followed up by in-app (SMS unreachable), keyed apart from the first send', async () => {
  const { journeyId } = await publishFollowUp('FU Unopened', { amount: 2, unit: 'seconds' });
  const customerId = await h.createCustomer({ email: 'unopened@shop.test', emailOptIn: true });
  await h.emit({ customerId, name: 'FU Unopened' });
  const run = await endedRun(journeyId, customerId);
  expect(run.exitReason).toBe('went on sent');

  const sends = await h.db.messageSend.findMany({ where: { runId: run.id }, orderBy: { createdAt: 'asc' } });
  expect(sends.map((send) => [send.idempotencyKey, send.channel, send.status])).toEqual([
    [`${run.id}:remind:1`, 'email', 'SENT'],
    [`${run.id}:remind:follow-up:1`, 'in_app', 'SENT'],
  ]);
  expect(sends[1]!.skipped).toEqual([{ channel: 'sms', reason: expect.stringMatching(/phone/i) }]);
  const inApp = await h.db.inAppMessage.findMany({ where: { customerId } });
  expect(inApp.map((message) => message.sendId)).toEqual([sends[1]!.id]);
  expect(smtp.mails.filter((mail) => mail.envelopeTo.includes('unopened@shop.test'))).toHaveLength(1);

  const steps = await stepsOf(run.id);
  expect(steps.map((step) => step.kind)).toEqual([
    'entered',
    'message_requested',
    'message_sent',
    'follow_up_checked',
    'follow_up_requested',
    'follow_up_sent',
    'exited',
  ]);
  const checked = steps.find((step) => step.kind === 'follow_up_checked')!.detail;
  expect(checked).toMatchObject({
    decision: 'send',
    reason: 'the email message was not opened within 2 seconds',
    firstSend: { sendId: sends[0]!.id, channel: 'email', openedAt: null },
  });
  expect(steps.find((step) => step.kind === 'follow_up_requested')!.detail).toMatchObject({
    idempotencyKey: `${run.id}:remind:follow-up:1`,
    followUpOf: sends[0]!.id,
  });
});

test('an email opened through its tracking pixel within `after` gets no follow-up', async () => {
  const { journeyId } = await publishFollowUp('FU Opened', { amount: 6, unit: 'seconds' });
  const customerId = await h.createCustomer({ email: 'opened@shop.test', emailOptIn: true });
  await h.emit({ customerId, name: 'FU Opened' });
  const mail = await h.waitFor(
    async () => smtp.mails.find((item) => item.envelopeTo.includes('opened@shop.test')),
    'the email',
  );
  const token = /\/t\/o\/([A-Za-z0-9._~-]+)/.exec(String(mail.parsed.html))?.[1];
  expect(token).toBeDefined();
  expect(await recordOpen(h.db, token!, { userAgent: 'test mail client' })).toBe(true);

  const run = await endedRun(journeyId, customerId);
  expect(run.exitReason).toBe('went on sent');
  const sends = await h.db.messageSend.findMany({ where: { runId: run.id } });
  expect(sends.map((send) => send.idempotencyKey)).toEqual([`${run.id}:remind:1`]);
  expect(await h.db.inAppMessage.count({ where: { customerId } })).toBe(0);
  const steps = await stepsOf(run.id);
  expect(steps.map((step) => step.kind)).toEqual([
    'entered',
    'message_requested',
    'message_sent',
    'follow_up_checked',
    'exited',
  ]);
  const checked = steps.find((step) => step.kind === 'follow_up_checked')!.detail;
  expect(checked).toMatchObject({
    decision: 'not_needed',
    reason: expect.stringMatching(/^the email message was opened at .* within 6 seconds$/),
    firstSend: { sendId: sends[0]!.id, receipts: ['opened'] },
  });
});

test('an exit criterion during the follow-up wait ends the run without a follow-up', async () => {
  const { journeyId } = await publishFollowUp('FU Exit', { amount: 1, unit: 'hours' });
  const customerId = await h.createCustomer({ email: 'buyer@shop.test', emailOptIn: true });
  await h.emit({ customerId, name: 'FU Exit' });
  const { run, state } = await h.waitFor(async () => {
    const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    if (!row) return undefined;
    const current = await h.client.workflow.getHandle(row.id).query<RunState>(RUN_QUERY_STATE);
    return current.waitingFor?.purpose ? { run: row, state: current } : undefined;
  }, 'the run to wait for its follow-up');
  expect(state.currentNodeId).toBe('remind');
  expect(state.waitingFor).toMatchObject({ kind: 'timer', purpose: 'follow-up unless opened' });

  await h.emit({ customerId, name: 'Order Completed' });
  const ended = await endedRun(journeyId, customerId);
  expect(ended.id).toBe(run.id);
  expect(ended.exitReason).toMatch(/exit criterion: Order Completed/);
  expect(await h.db.messageSend.count({ where: { runId: run.id } })).toBe(1);
  expect((await stepsOf(run.id)).map((step) => step.kind)).toEqual([
    'entered',
    'message_requested',
    'message_sent',
    'exited',
  ]);
});

test('a first message that was not sent has no follow-up, and the node goes on skipped', async () => {
  const { journeyId } = await publishFollowUp('FU Unreachable', { amount: 1, unit: 'seconds' });
  const customerId = await h.createCustomer();
  await h.emit({ customerId, name: 'FU Unreachable' });
  const run = await endedRun(journeyId, customerId);
  expect(run.exitReason).toBe('went on skipped');
  const steps = await stepsOf(run.id);
  expect(steps.map((step) => step.kind)).toEqual([
    'entered',
    'message_requested',
    'message_skipped',
    'follow_up_checked',
    'exited',
  ]);
  expect(steps.find((step) => step.kind === 'follow_up_checked')!.detail).toEqual({
    decision: 'not_sent',
    reason: 'the first message was not sent, so there is nothing to follow up',
  });
  expect(await h.db.inAppMessage.count({ where: { customerId } })).toBe(0);
});

test('a follow-up held by quiet hours waits in the node for the window, and an exit during it sends nothing', async () => {
  const clock = (offsetHours: number) =>
    new Date(Date.now() + offsetHours * 3600_000).toISOString().slice(11, 16);
  // Quiet now (UTC) for SMS only: the email goes out, the SMS follow-up is deferred.
  await h.db.workspace.update({
    where: { id: h.workspaceId },
    data: {
      settings: {
        governance: { quietHours: { start: clock(-1), end: clock(2), channels: ['sms'] }, frequencyCaps: [] },
      },
    },
  });
  try {
    const { journeyId } = await h.publish({
      name: 'Follow-up in quiet hours',
      settings: { exitCriteria: [{ event: 'Order Completed', where: [] }] },
      nodes: [
        node('start', 'trigger.event', { event: 'FU Quiet', where: [] }, { default: 'remind' }),
        node(
          'remind',
          'message',
          {
            channels: [{ channel: 'email', templateId: emailTemplate }],
            topicKey: 'marketing',
            followUp: {
              after: { amount: 1, unit: 'seconds' },
              unless: 'clicked',
              channels: [{ channel: 'sms', templateId: smsTemplate }],
            },
          },
          { sent: null, skipped: null },
        ),
      ],
    });
    const customerId = await h.createCustomer({
      email: 'quiet@shop.test',
      emailOptIn: true,
      phone: '+15551230000',
      smsOptIn: true,
      timezone: 'UTC',
    });
    await h.emit({ customerId, name: 'FU Quiet' });
    const { run, state } = await h.waitFor(async () => {
      const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
      if (!row) return undefined;
      const current = await h.client.workflow.getHandle(row.id).query<RunState>(RUN_QUERY_STATE);
      return current.waitingFor?.kind === 'window' ? { run: row, state: current } : undefined;
    }, 'the follow-up to wait for the end of quiet hours');
    expect(state.currentNodeId).toBe('remind');
    expect(Date.parse(state.waitingFor!.until!)).toBeGreaterThan(Date.now());
    const steps = await stepsOf(run.id);
    expect(steps.map((step) => step.kind)).toEqual([
      'entered',
      'message_requested',
      'message_sent',
      'follow_up_checked',
      'follow_up_requested',
    ]);
    expect(steps[3]!.detail).toMatchObject({
      decision: 'send',
      reason: 'the email message was not clicked within 1 second',
    });

    await h.emit({ customerId, name: 'Order Completed' });
    const ended = await endedRun(journeyId, customerId);
    expect(ended.status).toBe('EXITED');
    const sends = await h.db.messageSend.findMany({ where: { runId: run.id } });
    expect(sends.map((send) => send.channel)).toEqual(['email']);
  } finally {
    await h.db.workspace.update({
      where: { id: h.workspaceId },
      data: { settings: { governance: { quietHours: null, frequencyCaps: [] } } },
    });
  }
});

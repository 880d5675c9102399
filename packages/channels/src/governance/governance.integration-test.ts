import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, recordConversion, type Db, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import type { MessageRequest } from '@nudgeflow/journey';
import { createBuiltInChannels } from '../registry';
import { BUILT_IN_CHANNEL_DESCRIPTORS, uncreditedChannelIds } from '../descriptors';

const uncreditedChannels = uncreditedChannelIds(BUILT_IN_CHANNEL_DESCRIPTORS);
import { createMessageSender, type MessageSender } from '../message-sender';
import { startLocalPushService, type LocalPushService } from '../../testing/push-service';
import { startSmtpReceiver, type SmtpReceiver } from '../../testing/smtp-receiver';
import {
  createCustomer,
  createTemplate,
  emailTemplateContent,
  pushTemplateContent,
  subscribeToPush,
} from '../../testing/fixtures';

describe('governance at send time', () => {
  let db: Db;
  let workspace: Workspace;
  let push: LocalPushService;
  let smtp: SmtpReceiver;
  let sender: MessageSender;
  let closeChannels: () => void;
  let pushTemplateId: string;
  let emailTemplateId: string;
  let clock = new Date('2026-06-01T12:00:00Z');

  beforeAll(async () => {
    db = createDb(undefined, { max: 20 });
    workspace = await createTestWorkspace(db);
    await db.workspace.update({
      where: { id: workspace.id },
      data: {
        settings: {
          governance: {
            frequencyCaps: [
              { channel: 'push', max: 2, windowHours: 24 },
              { channel: 'all', max: 5, windowHours: 168 },
            ],
            quietHours: { start: '21:00', end: '08:00', channels: ['push', 'sms'] },
          },
        },
      },
    });
    push = await startLocalPushService();
    smtp = await startSmtpReceiver();
    const built = createBuiltInChannels({ db, push: { ca: push.ca }, email: { transport: smtp.url } });
    closeChannels = built.close;
    sender = createMessageSender({
      db,
      channels: built.channels,
      publicUrl: 'https://app.test',
      now: () => clock,
    });
    pushTemplateId = (await createTemplate(db, workspace.id, 'push', pushTemplateContent)).id;
    emailTemplateId = (await createTemplate(db, workspace.id, 'email', emailTemplateContent)).id;
  });

  afterAll(async () => {
    closeChannels();
    await push.close();
    await smtp.close();
    await closeDb(db);
  });

  const request = (customerId: string, overrides: Partial<MessageRequest> = {}): MessageRequest => ({
    workspaceId: workspace.id,
    customerId,
    journeyId: randomUUID(),
    runId: `run-${randomUUID()}`,
    nodeId: 'message',
    visit: 1,
    channels: [
      { channel: 'push', templateId: pushTemplateId },
      { channel: 'email', templateId: emailTemplateId },
    ],
    topicKey: 'marketing',
    context: { product: { id: 'sku-9', name: 'Socks', price: 9 }, promo_code: 'X' },
    governance: { frequencyCaps: true, quietHours: 'defer' },
    ...overrides,
  });

  it('50 concurrent journeys messaging the same customers never exceed the caps or reach the unsubscribed', async () => {
    const customers = await Promise.all(
      [0, 1, 2].map(async (index) => {
        const customer = await createCustomer(db, workspace.id, {
          email: `c${index}@shop.test`,
          traits: { first_name: `C${index}` },
        });
        const subscription = await subscribeToPush(db, push, workspace.id, customer.id);
        return { customer, subscription };
      }),
    );
    const unsubscribed = await createCustomer(db, workspace.id, {
      email: 'gone@shop.test',
      unsubscribedAll: true,
    });
    const unsubscribedPush = await subscribeToPush(db, push, workspace.id, unsubscribed.id);
    const targets = [...customers.map((entry) => entry.customer.id), unsubscribed.id];
    const mailsBefore = smtp.mails.length;

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, index) => sender.send(request(targets[index % targets.length]!))),
    );

    for (const { customer, subscription } of customers) {
      const sends = await db.messageSend.findMany({ where: { customerId: customer.id, status: 'SENT' } });
      const pushes = sends.filter((send) => send.channel === 'push');
      expect(pushes).toHaveLength(2);
      expect(sends).toHaveLength(5);
      expect(push.received.filter((item) => item.subscriptionId === subscription.id)).toHaveLength(2);
    }
    expect(
      await db.messageSend.count({
        where: { customerId: unsubscribed.id, status: { in: ['SENT', 'PENDING'] } },
      }),
    ).toBe(0);
    expect(push.received.filter((item) => item.subscriptionId === unsubscribedPush.id)).toHaveLength(0);
    await smtp.waitFor(mailsBefore + 9);
    expect(smtp.mails.slice(mailsBefore).some((mail) => mail.envelopeTo.includes('gone@shop.test'))).toBe(
      false,
    );
    expect(smtp.mails.length - mailsBefore).toBe(9);
    expect(outcomes.filter((outcome) => outcome.status === 'sent')).toHaveLength(15);
    const capped = outcomes.find(
      (outcome) =>
        outcome.status === 'skipped' &&
        outcome.skipped.some((skip) => skip.reason.startsWith('frequency cap')),
    );
    expect(capped?.skipped).toEqual([
      { channel: 'push', reason: 'frequency cap: at most 2 push messages per day' },
      { channel: 'email', reason: 'frequency cap: at most 5 messages per week' },
    ]);
  });

  it('defers push in quiet hours to the end of the window in the customer time zone, or skips to email', async () => {
    const customer = await createCustomer(db, workspace.id, {
      email: 'night@shop.test',
      timezone: 'Europe/Paris',
    });
    await subscribeToPush(db, push, workspace.id, customer.id);
    // 21:30 UTC = 23:30 in Paris (CEST): inside 21:00–08:00; the window ends 08:00 Paris = 06:00 UTC.
    clock = new Date('2026-06-01T21:30:00Z');
    const deferred = await sender.send(request(customer.id));
    expect(deferred).toEqual({ status: 'deferred', until: '2026-06-02T06:00:00.000Z', skipped: [] });
    expect(await db.messageSend.count({ where: { customerId: customer.id } })).toBe(0);

    const skipped = await sender.send(
      request(customer.id, { governance: { frequencyCaps: true, quietHours: 'skip' } }),
    );
    expect(skipped).toMatchObject({
      status: 'sent',
      channel: 'email',
      skipped: [{ channel: 'push', reason: 'quiet hours until 2026-06-02T06:00:00.000Z' }],
    });

    clock = new Date('2026-06-02T06:00:00Z');
    expect(await sender.send(request(customer.id))).toMatchObject({ status: 'sent', channel: 'push' });
    clock = new Date('2026-06-01T12:00:00Z');
  });

  it('attributes a goal event to the latest message within the window, once', async () => {
    const customer = await createCustomer(db, workspace.id, { email: 'buyer@shop.test' });
    const journeyId = randomUUID();
    const outcome = await sender.send(
      request(customer.id, { journeyId, channels: [{ channel: 'email', templateId: emailTemplateId }] }),
    );
    if (outcome.status !== 'sent') throw new Error('expected a send');
    const sentAt = (await db.messageSend.findUniqueOrThrow({ where: { id: outcome.sendId } })).sentAt!;
    const late = new Date(sentAt.getTime() + 49 * 3600_000);
    expect(
      await recordConversion(db, {
        workspaceId: workspace.id,
        customerId: customer.id,
        eventName: 'Order Completed',
        at: late,
        windowHours: 48,
        uncreditedChannels,
      }),
    ).toBeNull();
    // A webhook call after the email reaches no person: the conversion still goes to the email.
    await db.messageSend.create({
      data: {
        workspaceId: workspace.id,
        idempotencyKey: `webhook-${randomUUID()}`,
        customerId: customer.id,
        journeyId,
        channel: 'webhook',
        status: 'SENT',
        sentAt: new Date(sentAt.getTime() + 30 * 60_000),
      },
    });
    const at = new Date(sentAt.getTime() + 3600_000);
    const input = {
      uncreditedChannels,
      workspaceId: workspace.id,
      customerId: customer.id,
      eventName: 'Order Completed',
      at,
      windowHours: 48,
      journeyId,
    };
    expect(await recordConversion(db, input)).toBe(outcome.sendId);
    expect(await recordConversion(db, input)).toBeNull();
    const send = await db.messageSend.findUniqueOrThrow({
      where: { id: outcome.sendId },
      include: { receipts: true },
    });
    expect(send.convertedAt).toEqual(at);
    expect(send.receipts.map((receipt) => receipt.type)).toEqual(['converted']);
  });
});

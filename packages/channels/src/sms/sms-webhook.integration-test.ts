import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDb,
  createDb,
  saveChannelSettings,
  type Db,
  type CreatedWorkspace as Workspace,
} from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import type { MessageRequest } from '@nudgeflow/journey';
import { createMessageSender, type MessageSender } from '../message-sender';
import { createWebhookChannel, verifyWebhookSignature } from '../webhook/webhook-channel';
import { createSmsChannel } from './sms-channel';
import { handleInboundSms } from './inbound';
import { startHttpReceiver, twilioResponder, type HttpReceiver } from '../../testing/http-receiver';
import { createCustomer, createTemplate } from '../../testing/fixtures';

describe('SMS against a Twilio-compatible API, and signed webhooks', () => {
  let db: Db;
  let workspace: Workspace;
  let twilio: HttpReceiver;
  let hooks: HttpReceiver;
  let sender: MessageSender;
  let smsTemplateId: string;
  const accountSid = 'AC0123456789abcdef0123456789abcdef';
  const authToken = 'token-for-tests';
  /** Webhook receiver answers: path → status sequence. */
  const script = new Map<string, number[]>();

  beforeAll(async () => {
    db = createDb();
    workspace = await createTestWorkspace(db);
    twilio = await startHttpReceiver(twilioResponder(accountSid, authToken, new Set(['+15550000000'])));
    hooks = await startHttpReceiver((request) => ({
      status: script.get(request.url)?.shift() ?? 200,
      body: { ok: true },
    }));
    await db.workspace.update({
      where: { id: workspace.id },
      data: {
        settings: { governance: { quietHours: null } },
      },
    });
    await saveChannelSettings(db, {
      workspaceId: workspace.id,
      channel: 'sms',
      settings: { baseUrl: twilio.url, accountSid, from: '+15557654321' },
      secrets: { authToken },
    });
    sender = createMessageSender({
      db,
      channels: [
        createSmsChannel({ allowlist: '127.0.0.1' }),
        createWebhookChannel({ allowlist: '127.0.0.1', backoffMs: 10 }),
      ],
      publicUrl: 'https://app.test',
    });
    smsTemplateId = (
      await createTemplate(db, workspace.id, 'sms', {
        variants: {
          en: { body: 'Hi {{ customer.first_name }}, use {{ promo_code }} today. Reply STOP to opt out.' },
        },
      })
    ).id;
  });

  afterAll(async () => {
    await twilio.close();
    await hooks.close();
    await closeDb(db);
  });

  const request = (customerId: string, channels: MessageRequest['channels']): MessageRequest => ({
    workspaceId: workspace.id,
    customerId,
    journeyId: randomUUID(),
    runId: `run-${randomUUID()}`,
    nodeId: 'message',
    visit: 1,
    channels,
    topicKey: 'marketing',
    context: { promo_code: 'SAVE5', order_id: 'o-1' },
    governance: { frequencyCaps: true, quietHours: 'defer' },
  });

  it('sends an SMS with basic auth and form fields, then honours STOP', async () => {
    const phone = `+1555${Math.floor(Math.random() * 1e7)
      .toString()
      .padStart(7, '0')}`;
    const customer = await createCustomer(db, workspace.id, { phone, traits: { first_name: 'Sam' } });
    const first = await sender.send(request(customer.id, [{ channel: 'sms', templateId: smsTemplateId }]));
    expect(first).toMatchObject({ status: 'sent', channel: 'sms' });
    const sent = twilio.requests.at(-1)!;
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      To: phone,
      From: '+15557654321',
      Body: 'Hi Sam, use SAVE5 today. Reply STOP to opt out.',
    });
    if (first.status !== 'sent') throw new Error('unreachable');
    expect(
      (await db.messageSend.findUniqueOrThrow({ where: { id: first.sendId } })).providerMessageId,
    ).toMatch(/^SM\d{32}$/);

    expect(await handleInboundSms(db, { workspaceId: workspace.id, from: phone, body: 'hello' })).toBeNull();
    const stop = await handleInboundSms(db, { workspaceId: workspace.id, from: phone, body: ' Stop ' });
    expect(stop).toMatchObject({ keyword: 'stop', customersChanged: 1 });
    const requestsBefore = twilio.requests.length;
    const second = await sender.send(request(customer.id, [{ channel: 'sms', templateId: smsTemplateId }]));
    expect(second).toEqual({ status: 'skipped', skipped: [{ channel: 'sms', reason: 'no SMS consent' }] });
    expect(twilio.requests.length).toBe(requestsBefore);
    const change = await db.consentChange.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(change).toMatchObject({ subject: 'sms', granted: false, source: 'sms-stop' });
  });

  it('asks for status callbacks at the web app when it knows the public URL', async () => {
    const customer = await createCustomer(db, workspace.id, { phone: '+15551230000' });
    const withCallbacks = createMessageSender({
      db,
      channels: [createSmsChannel({ allowlist: '127.0.0.1', publicUrl: 'https://app.test/' })],
      publicUrl: 'https://app.test',
    });
    const outcome = await withCallbacks.send(
      request(customer.id, [{ channel: 'sms', templateId: smsTemplateId }]),
    );
    expect(outcome).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(new URLSearchParams(twilio.requests.at(-1)!.body).get('StatusCallback')).toBe(
      `https://app.test/api/sms/status/${workspace.id}`,
    );
  });

  it('treats an invalid number as unreachable', async () => {
    const customer = await createCustomer(db, workspace.id, { phone: '+15550000000' });
    const outcome = await sender.send(request(customer.id, [{ channel: 'sms', templateId: smsTemplateId }]));
    expect(outcome.status).toBe('skipped');
    expect(outcome.skipped[0]?.reason).toContain(
      "unreachable: 400 The 'To' number +15550000000 is not a valid phone number.",
    );
  });

  it('posts a webhook the receiver can verify, retrying 5xx with backoff', async () => {
    const customer = await createCustomer(db, workspace.id, { email: 'hook@shop.test' });
    const path = `/hooks/${randomUUID()}`;
    script.set(path, [503, 500, 202]);
    const template = await createTemplate(db, workspace.id, 'webhook', {
      url: `${hooks.url}${path}`,
      headers: { 'X-Shop': 'demo' },
      variants: { en: { body: '{"customer": "{{ customer.email }}", "order": "{{ order_id }}"}' } },
    });
    const outcome = await sender.send(
      request(customer.id, [{ channel: 'webhook', templateId: template.id }]),
    );
    expect(outcome).toMatchObject({ status: 'sent', channel: 'webhook' });
    const attempts = hooks.requests.filter((item) => item.url === path);
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) {
      expect(JSON.parse(attempt.body)).toEqual({ customer: 'hook@shop.test', order: 'o-1' });
      expect(attempt.headers['x-shop']).toBe('demo');
      const signature = String(attempt.headers['nudgeflow-signature']);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(signature, attempt.body, workspace.signingSecret)).toBe(true);
      expect(verifyWebhookSignature(signature, `${attempt.body} `, workspace.signingSecret)).toBe(false);
    }
    if (outcome.status !== 'sent') throw new Error('unreachable');
    const record = await db.messageSend.findUniqueOrThrow({ where: { id: outcome.sendId } });
    expect(record.providerMessageId).toBe('http:202');
    expect(record.rendered).toMatchObject({ provider: { status: 202, attempts: 3 } });
  });

  it('refuses webhook URLs that resolve to private addresses unless allowed', async () => {
    const customer = await createCustomer(db, workspace.id, {});
    const template = await createTemplate(db, workspace.id, 'webhook', {
      url: `${hooks.url}/private`,
      variants: { en: { body: '{}' } },
    });
    const strict = createMessageSender({
      db,
      channels: [createWebhookChannel({ allowlist: '' })],
      publicUrl: 'https://app.test',
    });
    const outcome = await strict.send(
      request(customer.id, [{ channel: 'webhook', templateId: template.id }]),
    );
    expect(outcome).toEqual({
      status: 'skipped',
      skipped: [
        {
          channel: 'webhook',
          reason: 'refused: 127.0.0.1 resolves to 127.0.0.1, a private or reserved address',
        },
      ],
    });
    expect(hooks.requests.some((item) => item.url === '/private')).toBe(false);
  });
});

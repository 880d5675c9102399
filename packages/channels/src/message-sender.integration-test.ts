import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDb,
  createDb,
  unsubscribeCustomer,
  type Db,
  type CreatedWorkspace as Workspace,
} from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import type { MessageRequest } from '@nudgeflow/journey';
import { createBuiltInChannels } from './registry';
import { createMessageSender, type MessageSender } from './message-sender';
import { readLinkToken, verifyLinkToken } from './links';
import { startLocalPushService, type LocalPushService } from '../testing/push-service';
import { startSmtpReceiver, type SmtpReceiver } from '../testing/smtp-receiver';
import {
  createCustomer,
  createTemplate,
  emailTemplateContent,
  pushTemplateContent,
  subscribeToPush,
} from '../testing/fixtures';

const PUBLIC_URL = 'https://app.nudgeflow.test';

describe('createMessageSender: push, email fallback, idempotency, unsubscribe', () => {
  let db: Db;
  let workspace: Workspace;
  let push: LocalPushService;
  let smtp: SmtpReceiver;
  let sender: MessageSender;
  let closeChannels: () => void;
  let pushTemplateId: string;
  let emailTemplateId: string;

  beforeAll(async () => {
    db = createDb();
    workspace = await createTestWorkspace(db);
    // No quiet hours here (the run may happen at any hour); caps high enough not to interfere.
    await db.workspace.update({
      where: { id: workspace.id },
      data: { settings: { governance: { quietHours: null, frequencyCaps: [] } } },
    });
    push = await startLocalPushService();
    smtp = await startSmtpReceiver();
    const built = createBuiltInChannels({ db, push: { ca: push.ca }, email: { transport: smtp.url } });
    closeChannels = built.close;
    sender = createMessageSender({ db, channels: built.channels, publicUrl: PUBLIC_URL });
    await db.product.create({
      data: {
        workspaceId: workspace.id,
        id: 'sku-1',
        name: 'Trail Runner',
        price: '89.90',
        imageUrl: 'https://shop.test/p/sku-1.jpg',
        url: 'https://shop.test/p/sku-1',
        stock: 3,
      },
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
    nodeId: 'message-1',
    visit: 1,
    channels: [
      { channel: 'push', templateId: pushTemplateId },
      { channel: 'email', templateId: emailTemplateId },
    ],
    topicKey: 'marketing',
    context: {
      event: { name: 'Product Added', properties: { product_id: 'sku-1' } },
      promo_code: 'WELCOME10',
    },
    governance: { frequencyCaps: true, quietHours: 'ignore' },
    ...overrides,
  });

  it('sends the push with the exact payload, VAPID-signed with the workspace key, and only once per key', async () => {
    const customer = await createCustomer(db, workspace.id, {
      email: 'ana@shop.test',
      traits: { first_name: 'Ana' },
    });
    const subscription = await subscribeToPush(db, push, workspace.id, customer.id);
    const message = request(customer.id);

    const outcome = await sender.send(message);
    expect(outcome).toMatchObject({ status: 'sent', channel: 'push', skipped: [] });
    if (outcome.status !== 'sent') throw new Error('not sent');

    const received = push.received.filter((item) => item.subscriptionId === subscription.id);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.payload)).toEqual({
      title: 'Still thinking about Trail Runner?',
      body: 'Hi Ana, it is $89.90 today.',
      icon: 'https://shop.test/icon.png',
      image: 'https://shop.test/p/sku-1.jpg',
      url: 'https://shop.test/p/sku-1?utm_source=nudgeflow&utm_campaign=cart',
      actions: [{ action: 'open-cart', title: 'Open cart', url: 'https://shop.test/cart' }],
      data: { promo_code: 'WELCOME10' },
      sendId: outcome.sendId,
    });
    expect(received[0]!.vapid.publicKey).toBe(workspace.vapidPublicKey);
    expect(received[0]!.headers).toMatchObject({ ttl: '3600', urgency: 'high' });

    // A retried activity (same run, node, visit) finds the record and sends nothing.
    const retried = await sender.send(message);
    expect(retried).toEqual(outcome);
    expect(push.received.filter((item) => item.subscriptionId === subscription.id)).toHaveLength(1);
    const record = await db.messageSend.findUniqueOrThrow({ where: { id: outcome.sendId } });
    expect(record).toMatchObject({
      status: 'SENT',
      channel: 'push',
      idempotencyKey: `${message.runId}:message-1:1`,
    });
  });

  it('picks the French variant for a fr-CA customer', async () => {
    const customer = await createCustomer(db, workspace.id, {
      locale: 'fr-CA',
      traits: { first_name: 'Léa' },
    });
    const subscription = await subscribeToPush(db, push, workspace.id, customer.id);
    await sender.send(request(customer.id));
    const received = push.received.find((item) => item.subscriptionId === subscription.id);
    expect(JSON.parse(received!.payload)).toMatchObject({
      title: 'Vous pensez encore à Trail Runner ?',
      body: 'Bonjour Léa',
    });
  });

  it('gives a customer without push the email, with MJML HTML, a text part and one-click unsubscribe headers', async () => {
    const customer = await createCustomer(db, workspace.id, {
      email: 'ben@shop.test',
      traits: { first_name: 'Ben' },
    });
    const before = smtp.mails.length;
    const outcome = await sender.send(request(customer.id));
    expect(outcome).toMatchObject({
      status: 'sent',
      channel: 'email',
      skipped: [{ channel: 'push', reason: 'no push subscription' }],
    });
    await smtp.waitFor(before + 1);
    const mail = smtp.mails.at(-1)!;
    expect(mail.envelopeTo).toEqual(['ben@shop.test']);
    expect(mail.parsed.subject).toBe('Ben, your cart is waiting');
    expect(mail.parsed.from?.text).toBe('"The Shop" <shop@shop.test>');
    const html = String(mail.parsed.html);
    // MJML output: table layout, and the Liquid rendered inside it.
    expect(html).toMatch(/<table[^>]*role="presentation"/);
    expect(html).toContain('Hello Ben');
    expect(html).toContain('Trail Runner costs $89.90.');
    // Links go through the click tracker, the pixel is there, the preferences link is not wrapped.
    expect(html).toContain(`${PUBLIC_URL}/t/c/`);
    expect(html).toContain(`${PUBLIC_URL}/t/o/`);
    expect(html).toContain(`${PUBLIC_URL}/u/`);
    expect(mail.parsed.text).toContain('Hello Ben');
    expect(mail.parsed.text).toContain('Trail Runner costs $89.90.');
    expect(mail.parsed.text).toContain(`Unsubscribe: ${PUBLIC_URL}/api/unsubscribe/`);

    const headerLine = (name: string) =>
      mail.parsed.headerLines.find((header) => header.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ') ?? '';
    expect(headerLine('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const token =
      /^List-Unsubscribe: <https:\/\/app\.nudgeflow\.test\/api\/unsubscribe\/([\w-]+\.[\w-]+)>$/.exec(
        headerLine('list-unsubscribe'),
      )?.[1];
    expect(token).toBeDefined();
    const payload = verifyLinkToken(token!, workspace.signingSecret);
    expect(payload).toMatchObject({ k: 'u', w: workspace.id, c: customer.id, t: 'marketing' });
    expect(verifyLinkToken(token!, 'another-secret')).toBeNull();
    expect(readLinkToken(`${token}x`)).not.toBeNull();
    expect(verifyLinkToken(`${token}x`, workspace.signingSecret)).toBeNull();
  });

  it('removes a subscription the push service reports gone and falls back to email', async () => {
    const customer = await createCustomer(db, workspace.id, {
      email: 'cy@shop.test',
      traits: { first_name: 'Cy' },
    });
    const subscription = await subscribeToPush(db, push, workspace.id, customer.id);
    push.expire(subscription.id);
    const outcome = await sender.send(request(customer.id));
    expect(outcome).toMatchObject({
      status: 'sent',
      channel: 'email',
      skipped: [{ channel: 'push', reason: 'unreachable: every push subscription has expired' }],
    });
    expect(await db.pushSubscription.count({ where: { id: subscription.rowId } })).toBe(0);
    // One record for the node visit, now on the email channel.
    const records = await db.messageSend.findMany({ where: { customerId: customer.id } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ channel: 'email', status: 'SENT' });
  });

  it('sends nothing more to a customer who unsubscribes mid-journey', async () => {
    const customer = await createCustomer(db, workspace.id, { email: 'dee@shop.test' });
    const subscription = await subscribeToPush(db, push, workspace.id, customer.id);
    const runId = `run-${randomUUID()}`;
    expect(await sender.send(request(customer.id, { runId, nodeId: 'first' }))).toMatchObject({
      status: 'sent',
    });

    await unsubscribeCustomer(db, {
      workspaceId: workspace.id,
      customerId: customer.id,
      topicKey: 'marketing',
      source: 'one-click',
    });
    const mailsBefore = smtp.mails.length;
    const second = await sender.send(request(customer.id, { runId, nodeId: 'second' }));
    expect(second).toEqual({
      status: 'skipped',
      skipped: [{ channel: 'push', reason: 'unsubscribed from topic "marketing"' }],
    });

    await unsubscribeCustomer(db, {
      workspaceId: workspace.id,
      customerId: customer.id,
      topicKey: 'all',
      source: 'one-click',
    });
    const third = await sender.send(
      request(customer.id, { runId, nodeId: 'third', topicKey: 'back-in-stock' }),
    );
    expect(third).toMatchObject({
      status: 'skipped',
      skipped: [{ channel: '*', reason: 'unsubscribed from all messages' }],
    });

    expect(push.received.filter((item) => item.subscriptionId === subscription.id)).toHaveLength(1);
    expect(smtp.mails.length).toBe(mailsBefore);
    const changes = await db.consentChange.findMany({
      where: { customerId: customer.id },
      orderBy: { at: 'asc' },
    });
    expect(changes.map((change) => [change.subject, change.granted, change.source])).toEqual([
      ['topic:marketing', false, 'one-click'],
      ['all', false, 'one-click'],
    ]);
  });

  it('skips, with reasons, a customer reachable on no channel', async () => {
    const customer = await createCustomer(db, workspace.id, { email: 'eve@shop.test', emailOptIn: false });
    const outcome = await sender.send(request(customer.id));
    expect(outcome).toEqual({
      status: 'skipped',
      skipped: [
        { channel: 'push', reason: 'no push subscription' },
        { channel: 'email', reason: 'no email consent' },
      ],
    });
    const record = await db.messageSend.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(record.status).toBe('SKIPPED');
  });
});

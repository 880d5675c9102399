import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { createBuiltInChannels } from '../registry';
import { createMessageSender } from '../message-sender';
import type { Channel } from '../channel';
import { previewTemplate, saveTemplateWithCompile, testSend } from './authoring';
import { startSmtpReceiver, type SmtpReceiver } from '../../testing/smtp-receiver';
import { createCustomer, createTemplate, emailTemplateContent } from '../../testing/fixtures';

describe('template authoring: save, preview against a customer, test send, interrupted sends', () => {
  let db: Db;
  let workspace: Workspace;
  let smtp: SmtpReceiver;
  let channels: Channel[];
  let close: () => void;

  beforeAll(async () => {
    db = createDb();
    workspace = await createTestWorkspace(db);
    await db.workspace.update({
      where: { id: workspace.id },
      data: { settings: { governance: { quietHours: null } } },
    });
    smtp = await startSmtpReceiver();
    const built = createBuiltInChannels({ db, email: { transport: smtp.url } });
    channels = built.channels;
    close = built.close;
  });
  afterAll(async () => {
    close();
    await smtp.close();
    await closeDb(db);
  });

  it('refuses to save invalid Liquid or MJML, with the field and line', async () => {
    const badLiquid = await saveTemplateWithCompile(db, {
      workspaceId: workspace.id,
      name: 'bad',
      channel: 'push',
      content: { variants: { en: { title: 'Hi', body: 'line one\n{% if %}' } } },
    });
    expect(badLiquid).toMatchObject({ ok: false, errors: [{ field: 'variants.en.body', line: 2 }] });
    const badMjml = await saveTemplateWithCompile(db, {
      workspaceId: workspace.id,
      name: 'bad',
      channel: 'email',
      content: {
        variants: {
          en: {
            subject: 'S',
            mjml: '<mjml><mj-body><mj-section><mj-text>x</mj-text></mj-section></mj-body></mjml>',
          },
        },
      },
    });
    expect(badMjml).toMatchObject({ ok: false, errors: [{ field: 'variants.en.mjml' }] });
  });

  it('previews strictly against a real customer and their latest event', async () => {
    const customer = await createCustomer(db, workspace.id, {
      email: 'pre@shop.test',
      traits: { first_name: 'Pia' },
    });
    await db.event.create({
      data: {
        workspaceId: workspace.id,
        customerId: customer.id,
        messageId: randomUUID(),
        type: 'TRACK',
        name: 'Product Added',
        properties: { product_id: 'p-7', name: 'Beanie', price: 19 },
        timestamp: new Date(),
      },
    });
    await db.product.create({
      data: {
        workspaceId: workspace.id,
        id: 'p-7',
        name: 'Beanie',
        price: '19.00',
        url: 'https://shop.test/p-7',
      },
    });
    const template = await createTemplate(db, workspace.id, 'email', emailTemplateContent);
    const preview = await previewTemplate(
      { db, channels, publicUrl: 'https://app.test' },
      {
        workspaceId: workspace.id,
        templateId: template.id,
        customerId: customer.id,
      },
    );
    expect(preview, JSON.stringify(preview)).toMatchObject({ ok: true });
    if (!preview.ok) return;
    expect(preview.message).toMatchObject({ subject: 'Pia, your cart is waiting' });
    expect((preview.message as { html: string }).html).toContain('Beanie costs $19.00.');

    const strict = await createTemplate(db, workspace.id, 'sms', {
      variants: { en: { body: 'Hi {{ customer.first_name }}\n{{ coupon.code }}' } },
    });
    const failed = await previewTemplate(
      { db, channels, publicUrl: 'https://app.test' },
      {
        workspaceId: workspace.id,
        templateId: strict.id,
        customerId: customer.id,
      },
    );
    const unknownProduct = await previewTemplate(
      { db, channels, publicUrl: 'https://app.test' },
      {
        workspaceId: workspace.id,
        templateId: template.id,
        customerId: customer.id,
        context: { product_id: 'not-in-catalog' },
      },
    );
    // Line 3 of the MJML source the marketer wrote (not of the compiled HTML).
    expect(unknownProduct).toMatchObject({
      ok: false,
      errors: [{ field: 'variants.en.mjml', line: 3, message: 'undefined variable: product.name' }],
    });
    expect(failed).toMatchObject({
      ok: false,
      errors: [{ field: 'variants.en.body', line: 2, message: expect.stringContaining('coupon') }],
    });
  });

  it('test-sends to the marketer instead of the customer, leaving no send record', async () => {
    const customer = await createCustomer(db, workspace.id, {
      email: 'real@shop.test',
      traits: { first_name: 'Rae' },
    });
    const template = await createTemplate(db, workspace.id, 'email', emailTemplateContent);
    const before = smtp.mails.length;
    const result = await testSend(
      { db, channels, publicUrl: 'https://app.test' },
      {
        workspaceId: workspace.id,
        templateId: template.id,
        customerId: customer.id,
        toSelf: { email: 'marketer@shop.test' },
        context: { product: { id: 'x', name: 'Scarf', price: 5, url: 'https://shop.test/x' } },
      },
    );
    expect(result).toMatchObject({ ok: true });
    await smtp.waitFor(before + 1);
    expect(smtp.mails.at(-1)?.envelopeTo).toEqual(['marketer@shop.test']);
    expect(smtp.mails.at(-1)?.parsed.subject).toBe('Rae, your cart is waiting');
    expect(await db.messageSend.count({ where: { customerId: customer.id } })).toBe(0);
  });

  it('does not resend an email whose earlier attempt was interrupted mid-call', async () => {
    const customer = await createCustomer(db, workspace.id, { email: 'crash@shop.test' });
    const template = await createTemplate(db, workspace.id, 'email', emailTemplateContent);
    const request = {
      workspaceId: workspace.id,
      customerId: customer.id,
      journeyId: randomUUID(),
      runId: `run-${randomUUID()}`,
      nodeId: 'email',
      visit: 1,
      channels: [{ channel: 'email', templateId: template.id }],
      topicKey: 'marketing',
      context: {},
      governance: { frequencyCaps: true, quietHours: 'ignore' as const },
    };
    // What a worker that died between the claim and the SMTP reply leaves behind.
    await db.messageSend.create({
      data: {
        workspaceId: workspace.id,
        customerId: customer.id,
        idempotencyKey: `${request.runId}:email:1`,
        channel: 'email',
        status: 'PENDING',
        createdAt: new Date(Date.now() - 10 * 60_000),
      },
    });
    const before = smtp.mails.length;
    const sender = createMessageSender({ db, channels, publicUrl: 'https://app.test' });
    const outcome = await sender.send(request);
    expect(outcome).toMatchObject({
      status: 'skipped',
      skipped: [{ channel: 'email', reason: expect.stringContaining('outcome unknown') }],
    });
    expect(smtp.mails.length).toBe(before);

    // A fresh PENDING record may belong to an attempt still running: retry later, send nothing now.
    const fresh = { ...request, runId: `run-${randomUUID()}` };
    await db.messageSend.create({
      data: {
        workspaceId: workspace.id,
        customerId: customer.id,
        idempotencyKey: `${fresh.runId}:email:1`,
        channel: 'email',
        status: 'PENDING',
      },
    });
    await expect(sender.send(fresh)).rejects.toThrow(/in progress/);
  });
});

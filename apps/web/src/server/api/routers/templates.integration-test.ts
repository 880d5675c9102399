import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '~/server/testing/router-fixtures';
import { createCaller } from '../root';
import { createContextInner } from '../trpc';
import { closeAuthoringDeps } from '../../templates/authoring';

/**
 * The templates router against a real database and the real channels: save through the MJML compiler,
 * strict preview against a customer, and a test email that lands in the SMTP catcher (no SMTP_URL here).
 */
async function createUser() {
  const id = uniqueTestId('user');
  return getDb().user.create({
    data: { id, name: 'Tester', email: `${id}@nudgeflow.test`, emailVerified: true },
  });
}

function callerFor(user: { id: string; email: string; name: string }) {
  return createCaller(
    createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
  );
}

async function createCustomer(
  workspaceId: string,
  fields: { email?: string; traits?: Record<string, unknown> } = {},
) {
  return getDb().customer.create({
    data: {
      workspaceId,
      userId: uniqueTestId('c'),
      email: fields.email ?? null,
      emailOptIn: Boolean(fields.email),
      traits: (fields.traits ?? {}) as object,
    },
  });
}

const emailContent = {
  variants: {
    en: {
      subject: '{{ customer.first_name }}, your cart is waiting',
      mjml: `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{ customer.first_name }}</mj-text>
<mj-text>Use {{ promo_code }} today.</mj-text>
</mj-column></mj-section></mj-body></mjml>`,
      text: 'Hello {{ customer.first_name }}, use {{ promo_code }} today.',
    },
  },
  fromAddress: 'shop@shop.test',
};

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('templates router', () => {
  let savedSmtpUrl: string | undefined;
  beforeAll(async () => {
    // Test sends must be caught, never delivered: make sure no real SMTP server is configured.
    const { resetEnv } = await import('@nudgeflow/config');
    savedSmtpUrl = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    resetEnv();
  });
  afterAll(async () => {
    await closeAuthoringDeps();
    const { resetEnv } = await import('@nudgeflow/config');
    if (savedSmtpUrl !== undefined) process.env.SMTP_URL = savedSmtpUrl;
    resetEnv();
    await closeSharedDb();
  });

  it('saves, lists by channel, previews against a customer and test-sends to the caller', async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const caller = callerFor(owner);

    const saved = await caller.templates.save({
      workspaceId: workspace.id,
      name: 'Cart reminder',
      channel: 'email',
      topicKey: 'marketing',
      content: emailContent,
    });
    expect(saved).toMatchObject({ ok: true, template: { name: 'Cart reminder' } });
    if (!saved.ok) return;
    const templateId = saved.template.id;
    await caller.templates.save({
      workspaceId: workspace.id,
      name: 'Push',
      channel: 'push',
      content: { variants: { en: { title: 'Hi {{ customer.first_name }}' } } },
    });

    const emails = await caller.templates.list({ workspaceId: workspace.id, channel: 'email' });
    expect(emails).toEqual([
      expect.objectContaining({ id: templateId, channel: 'email', locales: ['en'], topicKey: 'marketing' }),
    ]);
    expect((await caller.templates.list({ workspaceId: workspace.id })).map((t) => t.channel).sort()).toEqual(
      ['email', 'push'],
    );
    const loaded = await caller.templates.get({ workspaceId: workspace.id, templateId });
    expect(loaded.content).toMatchObject({ variants: { en: { subject: emailContent.variants.en.subject } } });

    const customer = await createCustomer(workspace.id, {
      email: 'pia@shop.test',
      traits: { first_name: 'Pia' },
    });
    const preview = await caller.templates.preview({
      workspaceId: workspace.id,
      templateId,
      customerId: customer.id,
      context: { promo_code: 'SAVE10' },
    });
    expect(preview).toMatchObject({
      ok: true,
      channel: 'email',
      message: { subject: 'Pia, your cart is waiting' },
    });
    if (!preview.ok) return;
    expect((preview.message as { html: string }).html).toContain('Use SAVE10 today.');
    expect(JSON.stringify(preview)).not.toContain(workspace.signingSecret);

    // Strict: the promo code is not in the customer's data, so the preview names the field and the line.
    const strict = await caller.templates.preview({
      workspaceId: workspace.id,
      templateId,
      customerId: customer.id,
      context: {},
    });
    expect(strict).toMatchObject({
      ok: false,
      errors: [{ field: 'variants.en.mjml', line: 3, message: expect.stringContaining('promo_code') }],
    });

    const sent = await caller.templates.testSend({
      workspaceId: workspace.id,
      templateId,
      customerId: customer.id,
      context: { promo_code: 'SAVE10' },
    });
    expect(sent).toEqual({ ok: true, to: owner.email, caught: true });
    const mailbox = await caller.mailbox.list({ workspaceId: workspace.id });
    expect(mailbox.items).toEqual([
      expect.objectContaining({ to: [owner.email], subject: 'Pia, your cart is waiting' }),
    ]);
    const mail = await caller.mailbox.get({ workspaceId: workspace.id, mailId: mailbox.items[0]!.id });
    expect(mail.text).toContain('Hello Pia, use SAVE10 today.');
    expect(mail.headers).toContainEqual({
      name: 'List-Unsubscribe-Post',
      value: 'List-Unsubscribe=One-Click',
    });
    expect(mail.headers).toContainEqual({
      name: 'List-Unsubscribe',
      value: expect.stringMatching(/^<http.*\/api\/unsubscribe\/.+>$/),
    });
    // A test send leaves no send record: the customer was not messaged.
    expect(await getDb().messageSend.count({ where: { customerId: customer.id } })).toBe(0);

    expect(await caller.templates.archive({ workspaceId: workspace.id, templateId })).toEqual({
      archived: true,
    });
    expect((await rejection(caller.templates.get({ workspaceId: workspace.id, templateId }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('reports bad content per field with its line, and bad input per field', async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const caller = callerFor(owner);

    const badLiquid = await caller.templates.save({
      workspaceId: workspace.id,
      name: 'Bad',
      channel: 'sms',
      content: { variants: { en: { body: 'Hi\n{% if %}' } } },
    });
    expect(badLiquid).toMatchObject({ ok: false, errors: [{ field: 'variants.en.body', line: 2 }] });
    const badMjml = await caller.templates.save({
      workspaceId: workspace.id,
      name: 'Bad',
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
    expect(badMjml).toMatchObject({
      ok: false,
      errors: [{ field: 'variants.en.mjml', message: expect.stringMatching(/line \d+/) }],
    });
    const missingTitle = await caller.templates.save({
      workspaceId: workspace.id,
      name: 'Push',
      channel: 'push',
      content: { variants: { en: { body: 'x' } } },
    });
    expect(missingTitle).toMatchObject({ ok: false, errors: [{ field: 'variants.en.title' }] });

    const badName = await rejection(
      caller.templates.save({
        workspaceId: workspace.id,
        name: '  ',
        channel: 'email',
        content: emailContent,
      }),
    );
    expect(badName.code).toBe('BAD_REQUEST');
    expect(badName.cause).toBeInstanceOf(ZodError);
    expect(z.flattenError(badName.cause as ZodError).fieldErrors).toMatchObject({
      name: ['give the template a name'],
    });
    const badChannel = await rejection(
      caller.templates.save({ workspaceId: workspace.id, name: 'x', channel: 'fax' as 'sms', content: {} }),
    );
    expect(z.flattenError(badChannel.cause as ZodError).fieldErrors).toHaveProperty('channel');

    const sms = await caller.templates.save({
      workspaceId: workspace.id,
      name: 'SMS',
      channel: 'sms',
      content: { variants: { en: { body: 'Hi' } } },
    });
    if (!sms.ok) throw new Error('sms template did not save');
    const customer = await createCustomer(workspace.id);
    expect(
      await caller.templates.testSend({
        workspaceId: workspace.id,
        templateId: sms.template.id,
        customerId: customer.id,
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'phone' }],
    });
    const badPhone = await rejection(
      caller.templates.testSend({
        workspaceId: workspace.id,
        templateId: sms.template.id,
        customerId: customer.id,
        phone: '0151 123',
      }),
    );
    expect(z.flattenError(badPhone.cause as ZodError).fieldErrors).toHaveProperty('phone');
    expect(
      await caller.templates.save({
        workspaceId: workspace.id,
        templateId: sms.template.id,
        name: 'SMS',
        channel: 'push',
        content: { variants: { en: { title: 'x' } } },
      }),
    ).toMatchObject({ ok: false, errors: [{ field: 'channel' }] });
  });

  it("test-sends an in-app message to the marketer's own profile, rendered with the chosen customer's data", async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const caller = callerFor(owner);
    const saved = await caller.templates.save({
      workspaceId: workspace.id,
      name: 'Free delivery',
      channel: 'in_app',
      content: { variants: { en: { html: '<p>{{ customer.first_name }}, add 5 € for free delivery</p>' } } },
    });
    if (!saved.ok) throw new Error('in-app template did not save');
    const customer = await createCustomer(workspace.id, { traits: { first_name: 'Pia' } });
    const self = await createCustomer(workspace.id, { traits: { first_name: 'Marketer' } });
    expect(
      await caller.templates.testSend({
        workspaceId: workspace.id,
        templateId: saved.template.id,
        customerId: customer.id,
      }),
    ).toMatchObject({ ok: false, errors: [{ field: 'selfCustomerId' }] });
    expect(
      await caller.templates.testSend({
        workspaceId: workspace.id,
        templateId: saved.template.id,
        customerId: customer.id,
        selfCustomerId: self.id,
      }),
    ).toEqual({ ok: true, to: 'your customer profile', caught: false });
    const stored = await getDb().inAppMessage.findMany({ where: { workspaceId: workspace.id } });
    expect(stored.map((message) => message.customerId)).toEqual([self.id]);
    expect(JSON.stringify(stored[0]!.content)).toContain('Pia, add 5 € for free delivery');
  });

  it('keeps other workspaces and read-only roles out', async () => {
    const [owner, stranger, support] = [await createUser(), await createUser(), await createUser()];
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const other = await createTestWorkspace(getDb(), { ownerUserId: stranger.id });
    await getDb().membership.create({
      data: { workspaceId: workspace.id, userId: support.id, role: 'SUPPORT' },
    });
    const saved = await callerFor(owner).templates.save({
      workspaceId: workspace.id,
      name: 'Mine',
      channel: 'email',
      content: emailContent,
    });
    if (!saved.ok) throw new Error('template did not save');
    const customer = await createCustomer(workspace.id, {
      email: 'x@shop.test',
      traits: { first_name: 'X' },
    });

    const outsider = callerFor(stranger);
    expect((await rejection(outsider.templates.list({ workspaceId: workspace.id }))).code).toBe('NOT_FOUND');
    expect(
      (await rejection(outsider.templates.get({ workspaceId: workspace.id, templateId: saved.template.id })))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await rejection(
          outsider.templates.save({
            workspaceId: workspace.id,
            name: 'x',
            channel: 'email',
            content: emailContent,
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    // Through their own workspace, another workspace's template and customer do not exist.
    expect(
      (await rejection(outsider.templates.get({ workspaceId: other.id, templateId: saved.template.id })))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await rejection(
          outsider.templates.preview({
            workspaceId: other.id,
            templateId: saved.template.id,
            customerId: customer.id,
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await rejection(
          outsider.templates.save({
            workspaceId: other.id,
            templateId: saved.template.id,
            name: 'stolen',
            channel: 'email',
            content: emailContent,
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (await rejection(outsider.templates.archive({ workspaceId: other.id, templateId: saved.template.id })))
        .code,
    ).toBe('NOT_FOUND');

    const reader = callerFor(support);
    expect(await reader.templates.list({ workspaceId: workspace.id })).toHaveLength(1);
    expect(
      (
        await rejection(
          reader.templates.save({
            workspaceId: workspace.id,
            name: 'x',
            channel: 'email',
            content: emailContent,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await rejection(
          reader.templates.testSend({
            workspaceId: workspace.id,
            templateId: saved.template.id,
            customerId: customer.id,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const anonymous = createCaller(createContextInner({ session: null }));
    expect((await rejection(anonymous.templates.list({ workspaceId: workspace.id }))).code).toBe(
      'UNAUTHORIZED',
    );
  });
});

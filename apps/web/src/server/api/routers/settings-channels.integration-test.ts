import { verifyWebhookSignature } from '@nudgeflow/channels';
import { resetEnv } from '@nudgeflow/config';
import { workspaceSigningSecret } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHttpReceiver,
  twilioResponder,
  type HttpReceiver,
} from '@nudgeflow/channels/testing/http-receiver';
import { startSmtpReceiver, type SmtpReceiver } from '@nudgeflow/channels/testing/smtp-receiver';
import * as track from '~/app/v1/track/route';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '~/server/testing/router-fixtures';
import { closeAuthoringDeps } from '../../templates/authoring';
import { createCaller } from '../root';
import { createContextInner } from '../trpc';

/**
 * Settings → Channels through the real router on real Postgres: secrets are sealed in the raw rows and never
 * come back; a test email reaches a real SMTP server; SMS and webhook tests reach real HTTP peers through
 * the outbound guard; a rotated write key keeps working through the real /v1 route until its overlap ends.
 */
const SMTP_PASSWORD = `smtp-password-${uniqueTestId('p')}`;
const SMS_TOKEN = `sms-auth-token-${uniqueTestId('t')}`;
const ACCOUNT_SID = 'AC-settings-test';

describe('settings: channels', () => {
  const db = getDb();
  let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
  let userId: string;
  let smtp: SmtpReceiver;
  let twilio: HttpReceiver;
  let hooks: HttpReceiver;
  let caller: ReturnType<typeof createCaller>;
  const previousAllowlist = process.env.OUTBOUND_ALLOWLIST;

  beforeAll(async () => {
    // Loopback peers stand in for the SMS provider and the webhook receiver; private ranges stay refused.
    process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
    resetEnv();
    workspace = await createTestWorkspace(db);
    userId = uniqueTestId('owner');
    const user = await db.user.create({
      data: { id: userId, name: 'Owner', email: `${userId}@nudgeflow.test`, emailVerified: true },
    });
    await db.membership.create({ data: { workspaceId: workspace.id, userId, role: 'OWNER' } });
    caller = createCaller(
      createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
    );
    smtp = await startSmtpReceiver();
    twilio = await startHttpReceiver(twilioResponder(ACCOUNT_SID, SMS_TOKEN));
    hooks = await startHttpReceiver(() => ({ status: 204 }));
  });

  afterAll(async () => {
    await Promise.all([smtp.close(), twilio.close(), hooks.close()]);
    await closeAuthoringDeps();
    await db.workspace.deleteMany({ where: { id: workspace.id } });
    await db.user.deleteMany({ where: { id: userId } });
    if (previousAllowlist === undefined) delete process.env.OUTBOUND_ALLOWLIST;
    else process.env.OUTBOUND_ALLOWLIST = previousAllowlist;
    resetEnv();
    await closeSharedDb();
  });

  const smtpPort = () => Number(new URL(smtp.url).port);

  it('keeps the workspace secrets sealed in the row', async () => {
    const row = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } });
    expect(row.signingSecretSealed).toMatch(/^nf1:/);
    expect(row.vapidPrivateKeySealed).toMatch(/^nf1:/);
    expect(JSON.stringify(row)).not.toContain(workspace.signingSecret);
    expect(JSON.stringify(row)).not.toContain(workspace.vapidPrivateKey);
  });

  it('saves SMTP settings with the password sealed, answers only whether it is set, and sends a test email', async () => {
    await caller.settings.saveChannelSettings({
      workspaceId: workspace.id,
      channel: 'email',
      // The test server takes no AUTH: the password is stored and sealed, and unused without a user name.
      values: {
        host: '127.0.0.1',
        port: smtpPort(),
        secure: false,
        password: SMTP_PASSWORD,
        fromAddress: 'shop@settings.test',
      },
    });
    const raw = await db.workspaceChannelSettings.findUniqueOrThrow({
      where: { workspaceId_channel: { workspaceId: workspace.id, channel: 'email' } },
    });
    expect(JSON.stringify(raw)).not.toContain(SMTP_PASSWORD);
    expect((raw.secrets as Record<string, string>).password).toMatch(/^nf1:/);
    expect(raw.settings).toEqual({
      host: '127.0.0.1',
      port: smtpPort(),
      secure: false,
      fromAddress: 'shop@settings.test',
    });

    const summary = await caller.settings.channels({ workspaceId: workspace.id });
    expect(summary.channels.email?.secrets.password).toEqual({ isSet: true, last4: SMTP_PASSWORD.slice(-4) });
    expect(JSON.stringify(summary)).not.toContain(SMTP_PASSWORD);

    const result = await caller.settings.sendChannelTest({
      workspaceId: workspace.id,
      channel: 'email',
      to: 'marketer@settings.test',
    });
    expect(result).toEqual({ ok: true, message: 'Sent to marketer@settings.test.' });
    await smtp.waitFor(1);
    expect(smtp.mails[0]!.envelopeTo).toEqual(['marketer@settings.test']);
    expect(smtp.mails[0]!.parsed.from?.text).toBe('shop@settings.test');
    expect(smtp.mails[0]!.parsed.subject).toBe('Nudgeflow test email');
  });

  it('keeps a secret the form leaves empty, clears one it names, and refuses bad values per field', async () => {
    await caller.settings.saveChannelSettings({
      workspaceId: workspace.id,
      channel: 'email',
      values: { host: '127.0.0.1', port: smtpPort(), password: '', fromAddress: 'news@settings.test' },
    });
    let summary = await caller.settings.channels({ workspaceId: workspace.id });
    expect(summary.channels.email?.secrets.password?.isSet).toBe(true);
    expect(summary.channels.email?.settings.fromAddress).toBe('news@settings.test');

    await caller.settings.saveChannelSettings({
      workspaceId: workspace.id,
      channel: 'email',
      values: { host: '127.0.0.1', port: smtpPort(), fromAddress: 'news@settings.test' },
      clearSecrets: ['password'],
    });
    summary = await caller.settings.channels({ workspaceId: workspace.id });
    expect(summary.channels.email?.secrets.password).toBeUndefined();

    const refused = await caller.settings
      .saveChannelSettings({
        workspaceId: workspace.id,
        channel: 'email',
        values: { host: 'smtp example', port: 70000, fromAddress: 'nobody' },
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('BAD_REQUEST');
    const fields = ((refused as TRPCError).cause as unknown as { errors: { field: string }[] }).errors.map(
      (error) => error.field,
    );
    expect(fields.sort()).toEqual(['fromAddress', 'host', 'port']);
  });

  it('reports a failed test email in words instead of throwing', async () => {
    await caller.settings.saveChannelSettings({
      workspaceId: workspace.id,
      channel: 'email',
      values: { host: '127.0.0.1', port: smtpPort(), fromAddress: 'news@settings.test' },
    });
    smtp.rejectRecipients.add('gone@settings.test');
    const result = await caller.settings.sendChannelTest({
      workspaceId: workspace.id,
      channel: 'email',
      to: 'gone@settings.test',
    });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Not sent: .*mailbox unavailable/);
    await expect(
      caller.settings.sendChannelTest({ workspaceId: workspace.id, channel: 'email', to: 'not-an-address' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Enter an email address' });
  });

  it('refuses an SMS provider on a private address, and sends a test SMS through an allowed one', async () => {
    await expect(
      caller.settings.saveChannelSettings({
        workspaceId: workspace.id,
        channel: 'sms',
        values: {
          baseUrl: 'http://10.0.0.7',
          accountSid: ACCOUNT_SID,
          authToken: SMS_TOKEN,
          from: '+15550001111',
        },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await db.workspaceChannelSettings.count({ where: { workspaceId: workspace.id, channel: 'sms' } }),
    ).toBe(0);

    await caller.settings.saveChannelSettings({
      workspaceId: workspace.id,
      channel: 'sms',
      values: { baseUrl: twilio.url, accountSid: ACCOUNT_SID, authToken: SMS_TOKEN, from: '+15550001111' },
    });
    const raw = await db.workspaceChannelSettings.findUniqueOrThrow({
      where: { workspaceId_channel: { workspaceId: workspace.id, channel: 'sms' } },
    });
    expect(JSON.stringify(raw)).not.toContain(SMS_TOKEN);
    const result = await caller.settings.sendChannelTest({
      workspaceId: workspace.id,
      channel: 'sms',
      to: '+4915112345678',
    });
    expect(result).toEqual({ ok: true, message: 'Sent to +4915112345678.' });
    const sent = twilio.requests.at(-1)!;
    expect(sent.url).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(new URLSearchParams(sent.body).get('To')).toBe('+4915112345678');
    // The provider saw the opened token (basic auth), which the twilio stand-in checks.
    expect(sent.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${SMS_TOKEN}`).toString('base64')}`,
    );
  });

  it('sends a signed test webhook, refuses private targets, and regenerates the signing secret', async () => {
    await expect(
      caller.settings.sendChannelTest({
        workspaceId: workspace.id,
        channel: 'webhook',
        to: 'http://192.168.1.10/hook',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const before = await workspaceSigningSecret(db, workspace.id);
    const result = await caller.settings.sendChannelTest({
      workspaceId: workspace.id,
      channel: 'webhook',
      to: `${hooks.url}/hook`,
    });
    expect(result.ok).toBe(true);
    const hook = hooks.requests.at(-1)!;
    expect(JSON.parse(hook.body)).toMatchObject({ type: 'nudgeflow.test', workspaceId: workspace.id });
    expect(verifyWebhookSignature(String(hook.headers['nudgeflow-signature']), hook.body, before!)).toBe(
      true,
    );

    await caller.settings.regenerateSigningSecret({ workspaceId: workspace.id });
    const after = await workspaceSigningSecret(db, workspace.id);
    expect(after).not.toBe(before);
    const row = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } });
    expect(row.signingSecretSealed).not.toContain(after!);
  });

  it('accepts the previous write key on /v1 during the overlap and refuses it after', async () => {
    const post = (writeKey: string) =>
      track.POST(
        new Request('http://nudgeflow.test/v1/track', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
          },
          body: JSON.stringify({ event: 'Overlap Checked', userId: uniqueTestId('u') }),
        }),
        { params: Promise.resolve({}) } as never,
      );
    const old = workspace.writeKey;
    expect((await post(old)).status).toBe(200);

    await expect(
      caller.settings.rotateWriteKey({
        workspaceId: workspace.id,
        previousValidUntil: new Date(Date.now() - 1000),
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const until = new Date(Date.now() + 3000);
    const rotated = await caller.settings.rotateWriteKey({
      workspaceId: workspace.id,
      previousValidUntil: until,
    });
    expect(rotated.writeKey).not.toBe(old);
    expect(rotated.previous).toEqual({ writeKey: old, expiresAt: until });
    const summary = await caller.settings.channels({ workspaceId: workspace.id });
    expect(summary.previousWriteKey).toEqual({ writeKey: old, expiresAt: until });

    expect((await post(rotated.writeKey)).status).toBe(200);
    expect((await post(old)).status).toBe(200);
    // Let the overlap end (real time: nothing here measures how long anything took).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, until.getTime() - Date.now()) + 50));
    const refused = await post(old);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.field).toBe('writeKey');
    expect((await post(rotated.writeKey)).status).toBe(200);
    expect((await caller.settings.channels({ workspaceId: workspace.id })).previousWriteKey).toBeNull();
  });
});

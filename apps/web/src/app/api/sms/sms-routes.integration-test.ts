import { createHmac, randomUUID } from 'node:crypto';
import { env } from '@nudgeflow/config';
import { closeSharedDb, getDb, saveChannelSettings, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteServer } from '~/server/testing/route-server';
import { POST as inbound } from './inbound/[workspaceId]/route';
import { POST as status } from './status/[workspaceId]/route';

/**
 * The SMS provider webhooks through a real HTTP server, signed as Twilio signs them: HMAC-SHA1 with the
 * auth token over the public URL followed by the sorted form parameters (written out here, independent
 * of the code under test).
 */
const authToken = 'sms-route-token';
let server: Awaited<ReturnType<typeof startRouteServer>>;
let workspace: Workspace;
let unconfigured: Workspace;

function twilioSignature(token: string, url: string, params: Record<string, string>): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((key) => key + params[key])
      .join('');
  return createHmac('sha1', token).update(data).digest('base64');
}

const publicUrl = (path: string) => `${env().PUBLIC_URL.replace(/\/$/, '')}${path}`;

async function post(
  path: string,
  params: Record<string, string>,
  options: { signature?: string | null; contentType?: string; body?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
  };
  // Sign what goes over the wire (form encoding replaces unpaired surrogates), as the provider does.
  const sent = Object.fromEntries(new URLSearchParams(new URLSearchParams(params).toString()));
  const signature =
    options.signature === undefined ? twilioSignature(authToken, publicUrl(path), sent) : options.signature;
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers,
    body: options.body ?? new URLSearchParams(params).toString(),
  });
}

function randomPhone(): string {
  return `+1555${Math.floor(Math.random() * 1e7)
    .toString()
    .padStart(7, '0')}`;
}

beforeAll(async () => {
  server = await startRouteServer({
    '/api/sms/inbound/:workspaceId': { POST: inbound },
    '/api/sms/status/:workspaceId': { POST: status },
  });
  const db = getDb();
  workspace = await createTestWorkspace(db);
  unconfigured = await createTestWorkspace(db);
  await saveChannelSettings(db, {
    workspaceId: workspace.id,
    channel: 'sms',
    settings: { baseUrl: 'https://api.twilio.test', accountSid: 'AC1', from: '+15550001111' },
    secrets: { authToken },
  });
});
afterAll(async () => {
  await server.close();
  await closeSharedDb();
});

describe('POST /api/sms/inbound/:workspaceId', () => {
  it('turns STOP, START and HELP into consent changes and TwiML replies', async () => {
    const db = getDb();
    const phone = randomPhone();
    const customer = await db.customer.create({
      data: { workspaceId: workspace.id, phone, smsOptIn: true },
    });
    const path = `/api/sms/inbound/${workspace.id}`;
    const base = { MessageSid: `SM${'1'.repeat(32)}`, From: phone, To: '+15550001111' };

    const stop = await post(path, { ...base, Body: ' Stop ' });
    expect(stop.status).toBe(200);
    expect(stop.headers.get('content-type')).toContain('text/xml');
    expect(await stop.text()).toContain('<Message>You are unsubscribed');
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).smsOptIn).toBe(false);
    expect(await db.consentChange.findFirst({ where: { customerId: customer.id } })).toMatchObject({
      subject: 'sms',
      granted: false,
      source: 'sms-stop',
    });

    const help = await post(path, { ...base, Body: 'help' });
    expect(await help.text()).toContain('Reply STOP to unsubscribe');
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).smsOptIn).toBe(false);

    const start = await post(path, { ...base, Body: 'START' });
    expect(await start.text()).toContain('You are subscribed again');
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).smsOptIn).toBe(true);

    const chat = await post(path, { ...base, Body: 'stop sending me <b>ads</b>' });
    expect(chat.status).toBe(200);
    expect(await chat.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).smsOptIn).toBe(true);
  });

  it('refuses unsigned, mis-signed and badly formed requests with a 4xx naming the field', async () => {
    const db = getDb();
    const phone = randomPhone();
    const customer = await db.customer.create({ data: { workspaceId: workspace.id, phone, smsOptIn: true } });
    const path = `/api/sms/inbound/${workspace.id}`;
    const params = { From: phone, Body: 'STOP' };
    const cases: [Promise<Response>, number, string][] = [
      [post(path, params, { signature: null }), 403, 'x-twilio-signature'],
      [
        post(path, params, { signature: twilioSignature('other-token', publicUrl(path), params) }),
        403,
        'x-twilio-signature',
      ],
      // Signed over the address the server listens on instead of the public URL the provider was given.
      [
        post(path, params, { signature: twilioSignature(authToken, `${server.url}${path}`, params) }),
        403,
        'x-twilio-signature',
      ],
      [
        post(path, params, {
          signature: twilioSignature(authToken, publicUrl(path), { ...params, Body: 'START' }),
        }),
        403,
        'x-twilio-signature',
      ],
      [
        post(path, params, { contentType: 'application/json', body: JSON.stringify(params) }),
        415,
        'content-type',
      ],
      [post(`/api/sms/inbound/${randomUUID()}`, params), 404, 'workspaceId'],
      [post('/api/sms/inbound/not-a-uuid', params), 404, 'workspaceId'],
      [post(`/api/sms/inbound/${unconfigured.id}`, params), 404, 'workspaceId'],
      [post(path, { Body: 'STOP' }), 400, 'From'],
      [post(path, params, { body: `${new URLSearchParams(params).toString()}&Body=START` }), 400, 'body'],
      [post(path, { From: phone, Body: 'x'.repeat(70_000) }), 413, 'body'],
    ];
    for (const [pending, expected, field] of cases) {
      const response = await pending;
      expect(response.status).toBe(expected);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).smsOptIn).toBe(true);
  });
});

describe('POST /api/sms/status/:workspaceId', () => {
  it('records delivered and undelivered reports as receipts on the send, once', async () => {
    const db = getDb();
    const customer = await db.customer.create({
      data: { workspaceId: workspace.id, phone: randomPhone(), smsOptIn: true },
    });
    const sid = (digit: string) => `SM${digit.repeat(32)}`;
    const sendWith = (providerMessageId: string) =>
      db.messageSend.create({
        data: {
          workspaceId: workspace.id,
          customerId: customer.id,
          idempotencyKey: `sms-status-${randomUUID()}`,
          channel: 'sms',
          status: 'SENT',
          providerMessageId,
          sentAt: new Date(),
        },
      });
    const delivered = await sendWith(`SM${randomUUID().replace(/-/g, '')}`);
    const lost = await sendWith(`SM${randomUUID().replace(/-/g, '')}`);
    const path = `/api/sms/status/${workspace.id}`;

    for (const state of ['queued', 'sent', 'delivered', 'delivered']) {
      const response = await post(path, {
        MessageSid: delivered.providerMessageId!,
        MessageStatus: state,
        AccountSid: 'AC1',
      });
      expect(response.status).toBe(200);
    }
    const afterDelivered = await db.messageSend.findUniqueOrThrow({
      where: { id: delivered.id },
      include: { receipts: true },
    });
    expect(afterDelivered.status).toBe('DELIVERED');
    expect(afterDelivered.deliveredAt).not.toBeNull();
    expect(afterDelivered.receipts.map((receipt) => receipt.type)).toEqual(['delivered']);

    const failed = await post(path, {
      MessageSid: lost.providerMessageId!,
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
    });
    expect(failed.status).toBe(200);
    const afterFailed = await db.messageSend.findUniqueOrThrow({
      where: { id: lost.id },
      include: { receipts: true },
    });
    expect(afterFailed).toMatchObject({ status: 'FAILED', reason: 'sms undelivered (error 30003)' });
    expect(afterFailed.receipts).toHaveLength(1);
    expect(afterFailed.receipts[0]).toMatchObject({
      type: 'bounced',
      detail: { channel: 'sms', status: 'undelivered', errorCode: '30003' },
    });

    // A message of another workspace (or none) is acknowledged so the provider stops retrying.
    expect((await post(path, { MessageSid: sid('9'), MessageStatus: 'delivered' })).status).toBe(200);
    const invalid = await post(path, { MessageSid: lost.providerMessageId!, MessageStatus: 'exploded' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { field: string } }).error.field).toBe('MessageStatus');
  });
});

describe('SMS webhooks under fuzzing', () => {
  const hostile = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '\u0000',
      '\ud800',
      '__proto__',
      'constructor',
      'STOP',
      'start',
      '',
      ' ',
      'delivered',
      'failed',
    ),
  );
  const params = fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'From',
        'To',
        'Body',
        'MessageSid',
        'MessageStatus',
        'ErrorCode',
        '__proto__',
        'constructor',
      ),
      fc.string({ maxLength: 10 }),
    ),
    hostile,
    { maxKeys: 6 },
  );
  const route = fc.constantFrom('inbound', 'status');

  it('answers validly signed hostile parameters with 200 TwiML or a 4xx naming a field, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(route, params, async (kind, form) => {
        const response = await post(`/api/sms/${kind}/${workspace.id}`, form);
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) {
          expect(await response.text()).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><Response>/);
          return;
        }
        expect([400, 413]).toContain(response.status);
        const json = (await response.json()) as { error: { field: unknown; message: unknown } };
        expect(typeof json.error.field).toBe('string');
        expect(typeof json.error.message).toBe('string');
      }),
      { numRuns: 150 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses arbitrary bodies, content types and signatures without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        route,
        fc.oneof(fc.constant(workspace.id), fc.constant(unconfigured.id), fc.string({ maxLength: 40 })),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(
          undefined,
          'application/x-www-form-urlencoded',
          'application/json',
          'text/plain',
          'garbage',
        ),
        fc.oneof(fc.constant(null), fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 28 })),
        async (kind, workspaceId, bytes, contentType, signature) => {
          const headers: Record<string, string> = {};
          if (contentType) headers['content-type'] = contentType;
          if (signature !== null) headers['x-twilio-signature'] = signature;
          const response = await fetch(`${server.url}/api/sms/${kind}/${encodeURIComponent(workspaceId)}`, {
            method: 'POST',
            headers,
            body: bytes,
          });
          // 404 also comes from the route server itself for paths that match no route.
          expect([403, 404, 415, 400]).toContain(response.status);
        },
      ),
      { numRuns: 150 },
    );
  });
});

import { messageLinks, signLinkToken, type LinkPayload } from '@nudgeflow/channels';
import type { Workspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as clickRoute from '~/app/t/c/[token]/route';
import * as preferencesRoute from '~/app/api/unsubscribe/[token]/preferences/route';
import * as unsubscribeRoute from '~/app/api/unsubscribe/[token]/route';
import {
  closeSharedDb,
  createTestWorkspace,
  getDb,
  ingestMessages,
  parseIngestBodyForTests,
} from '../testing/router-fixtures';

/**
 * Attack suite: forged, tampered and other-workspace tokens on the signed links inside messages, through
 * the real route handlers (one-click unsubscribe, the preferences form, the click redirect). Each is refused
 * with the one error shape, changes no consent and records nothing, and the click tracker redirects to no URL
 * but the one its token was signed for (no open redirect). A valid token is the control: it works.
 */
const db = getDb();
let own: Workspace;
let foreign: Workspace;
let victim: string;
let bystander: string;
let foreignCustomer: string;
let sendId: string;

async function customerId(workspaceId: string, userId: string): Promise<string> {
  await ingestMessages(
    db,
    parseIngestBodyForTests([{ type: 'identify', userId, traits: { email: `${userId}@shop.test` } }]),
    { workspaceId },
  );
  return (await db.customer.findFirstOrThrow({ where: { workspaceId, userId } })).id;
}

beforeAll(async () => {
  own = await createTestWorkspace(db);
  foreign = await createTestWorkspace(db);
  victim = await customerId(own.id, 'links-victim');
  bystander = await customerId(own.id, 'links-bystander');
  foreignCustomer = await customerId(foreign.id, 'links-foreign');
  sendId = (
    await db.messageSend.create({
      data: {
        workspaceId: own.id,
        customerId: victim,
        channel: 'email',
        idempotencyKey: `links-${own.id}`,
        status: 'SENT',
      },
    })
  ).id;
});
afterAll(async () => {
  await closeSharedDb();
});

/** Everything an attack could change: consent of every customer involved, and the send's receipts. */
async function state() {
  const ids = [victim, bystander, foreignCustomer];
  return {
    customers: await db.customer.findMany({
      where: { id: { in: ids } },
      select: { id: true, unsubscribedAll: true },
      orderBy: { id: 'asc' },
    }),
    topics: await db.topicSubscription.count({ where: { customerId: { in: ids } } }),
    consent: await db.consentChange.count({ where: { customerId: { in: ids } } }),
    receipts: await db.messageReceipt.count({ where: { sendId } }),
  };
}

const unsubscribePayload = (customer: string, workspace = own.id): LinkPayload => ({
  k: 'u',
  w: workspace,
  c: customer,
  s: null,
  t: 'newsletter',
});

function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [body, signature] = token.split('.');
  const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(payload);
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

function unsubscribe(token: string) {
  return unsubscribeRoute.POST(
    new Request(`http://nudgeflow.test/api/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    }),
    { params: Promise.resolve({ token }) },
  );
}

function savePreferences(token: string) {
  return preferencesRoute.POST(
    new Request(`http://nudgeflow.test/api/unsubscribe/${token}/preferences`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'all=on',
    }),
    { params: Promise.resolve({ token }) },
  );
}

function click(token: string, url: string) {
  return clickRoute.GET(new Request(`http://nudgeflow.test/t/c/${token}?u=${encodeURIComponent(url)}`), {
    params: Promise.resolve({ token }),
  });
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get('location')).toBeNull();
  const body = (await response.json()) as { error: { field: string; message: string } };
  expect(['token', 'u']).toContain(body.error.field);
}

describe('unsubscribe tokens', () => {
  const attacks: [string, () => string][] = [
    [
      'forged signature',
      () => `${signLinkToken(unsubscribePayload(victim), own.signingSecret).split('.')[0]}.AAAA`,
    ],
    [
      'signed with a guessed secret',
      () => signLinkToken(unsubscribePayload(victim), 'not-the-secret-at-all'),
    ],
    [
      'tampered customer id',
      () => tamper(signLinkToken(unsubscribePayload(bystander), own.signingSecret), (p) => (p.c = victim)),
    ],
    [
      'tampered topic',
      () => tamper(signLinkToken(unsubscribePayload(victim), own.signingSecret), (p) => (p.t = 'all')),
    ],
    [
      "another workspace's customer, signed with this workspace's secret",
      () => signLinkToken(unsubscribePayload(foreignCustomer, foreign.id), own.signingSecret),
    ],
    [
      "this workspace's token re-addressed to another workspace",
      () => tamper(signLinkToken(unsubscribePayload(victim), own.signingSecret), (p) => (p.w = foreign.id)),
    ],
    [
      'an open-pixel token used to unsubscribe',
      () => signLinkToken({ k: 'o', w: own.id, s: sendId }, own.signingSecret),
    ],
    ['a token with an extra part', () => `${signLinkToken(unsubscribePayload(victim), own.signingSecret)}.x`],
    ['garbage', () => 'not-a-token'],
  ];

  it.each(attacks)('one-click unsubscribe refuses %s and changes nothing', async (_name, token) => {
    const before = await state();
    await expectRefused(await unsubscribe(token()));
    expect(await state()).toEqual(before);
  });

  it.each(attacks)('the preferences form refuses %s and changes nothing', async (_name, token) => {
    const before = await state();
    await expectRefused(await savePreferences(token()));
    expect(await state()).toEqual(before);
  });

  it('a token this workspace signed for another workspace’s customer changes nothing there', async () => {
    const before = await state();
    const response = await unsubscribe(signLinkToken(unsubscribePayload(foreignCustomer), own.signingSecret));
    expect(response.status).toBeLessThan(500);
    expect(await state()).toEqual(before);
  });

  it('control: the genuine token unsubscribes its own customer only', async () => {
    const response = await unsubscribe(signLinkToken(unsubscribePayload(victim), own.signingSecret));
    expect(response.status).toBe(200);
    const subscription = await db.topicSubscription.findFirst({ where: { customerId: victim } });
    expect(subscription?.subscribed).toBe(false);
    expect(await db.topicSubscription.count({ where: { customerId: bystander } })).toBe(0);
  });
});

describe('click-tracking tokens', () => {
  const links = () =>
    messageLinks({
      publicUrl: 'http://nudgeflow.test',
      workspaceId: own.id,
      customerId: victim,
      sendId,
      topicKey: 'newsletter',
      secret: own.signingSecret,
    });
  const SIGNED_FOR = 'https://shop.example/sale';
  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

  it.each([
    ['another destination', 'https://evil.example/phish'],
    ['a protocol-relative destination', '//evil.example/phish'],
    ['a javascript: destination', 'javascript:alert(document.cookie)'],
    ['a data: destination', 'data:text/html,<script>alert(1)</script>'],
    ['the signed URL with something appended', `${SIGNED_FOR}@evil.example`],
  ])('refuses a valid token sent to %s (no open redirect)', async (_name, url) => {
    const before = await state();
    await expectRefused(await click(tokenOf(links().trackClick(SIGNED_FOR)), url));
    expect(await state()).toEqual(before);
  });

  it.each([
    ['forged', () => `${tokenOf(links().trackClick(SIGNED_FOR)).split('.')[0]}.AAAA`],
    ['tampered hash', () => tamper(tokenOf(links().trackClick(SIGNED_FOR)), (p) => (p.h = 'x'.repeat(22)))],
    ['signed for javascript:', () => tokenOf(links().trackClick('javascript:alert(1)'))],
    [
      're-addressed to another workspace',
      () => tamper(tokenOf(links().trackClick(SIGNED_FOR)), (p) => (p.w = foreign.id)),
    ],
  ])('refuses a %s token', async (name, token) => {
    const before = await state();
    const url = name === 'signed for javascript:' ? 'javascript:alert(1)' : SIGNED_FOR;
    await expectRefused(await click(token(), url));
    expect(await state()).toEqual(before);
  });

  it('control: the genuine token redirects to its URL and records the click', async () => {
    const response = await click(tokenOf(links().trackClick(SIGNED_FOR)), SIGNED_FOR);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(SIGNED_FOR);
    expect(await db.messageReceipt.count({ where: { sendId, type: 'clicked' } })).toBe(1);
  });
});

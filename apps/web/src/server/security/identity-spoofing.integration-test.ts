import {
  closeSharedDb,
  createApiKey,
  createInAppMessage,
  getDb,
  ingestMessages,
  listIdentityRefusals,
  type Workspace,
} from '@nudgeflow/db';
import { createTestWorkspace, uniqueTestId } from '@nudgeflow/db/testing';
import type { IngestMessage } from '@nudgeflow/ingest';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as inAppMessages from '~/app/v1/in-app/messages/route';
import * as inAppStream from '~/app/v1/in-app/stream/route';
import { startRouteServer } from '../testing/route-server';
import { ingestionRoutes } from '../testing/v1-routes';
import { identityToken, userHash } from './identity-verification';

/**
 * The identity-spoofing cases of the security attack suite. The write key is public (it ships in every shop
 * page), so these are what anyone on the internet can try against a workspace. Each test is named after an
 * attack and fails when the attack succeeds. Victims are set up through the trusted server path (the
 * repository, as a call with the secret API key would), attackers use only the write key.
 */
let server: Awaited<ReturnType<typeof startRouteServer>>;
let workspace: Workspace;

beforeAll(async () => {
  server = await startRouteServer({ ...ingestionRoutes, '/v1/in-app/messages': inAppMessages });
  workspace = await createTestWorkspace(getDb());
});
afterAll(async () => {
  await server.close();
  await closeSharedDb();
});

function message(fields: Partial<IngestMessage> & Pick<IngestMessage, 'type'>): IngestMessage {
  return {
    messageId: randomUUID(),
    userId: null,
    anonymousId: null,
    previousId: null,
    name: null,
    properties: {},
    traits: {},
    context: {},
    timestamp: new Date(),
    ...fields,
  };
}

interface Victim {
  userId: string;
  anonymousId: string;
  email: string;
  customerId: string;
  messageTitle: string;
}

/** An identified shopper with a consented email and one private in-app message. */
async function victim(): Promise<Victim> {
  const db = getDb();
  const userId = uniqueTestId('victim');
  const anonymousId = randomUUID();
  const email = `${userId}@shop.test`;
  const traits = { email, emailOptIn: true, name: 'Vic Tim' };
  await ingestMessages(db, [message({ type: 'identify', userId, anonymousId, traits, properties: traits })], {
    workspaceId: workspace.id,
  });
  const customer = await db.customer.findFirstOrThrow({
    where: { workspaceId: workspace.id, userId },
    select: { id: true, email: true, emailOptIn: true },
  });
  expect(customer).toMatchObject({ email, emailOptIn: true });
  const messageTitle = `Your private offer ${userId}`;
  await createInAppMessage(db, {
    workspaceId: workspace.id,
    customerId: customer.id,
    sendId: randomUUID(),
    layout: 'inbox',
    content: { title: messageTitle, html: '<p>20% off your next order</p>', imageUrl: null, actions: [] },
    expiresAt: null,
  });
  return { userId, anonymousId, email, customerId: customer.id, messageTitle };
}

/** What an attacker can send: the public write key in the body, as the browser SDK and analytics.js do. */
async function sendWithWriteKey(path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ writeKey: workspace.writeKey, ...body }),
  });
}

async function feedTitles(
  anonymousId: string,
  proof: { userId?: string; userHash?: string } = {},
): Promise<{ status: number; titles: string[]; body?: unknown }> {
  const query = new URLSearchParams({ writeKey: workspace.writeKey, anonymousId, ...proof });
  const response = await fetch(`${server.url}/v1/in-app/messages?${query}`);
  const body = (await response.json()) as { messages?: { content: { title?: string } }[] };
  return {
    status: response.status,
    titles: (body.messages ?? []).map((m) => m.content.title ?? ''),
    ...(response.ok ? {} : { body }),
  };
}

/**
 * Opens the SSE stream through its real route handler and reads `message` events until one titled `until`
 * arrives (a sentinel delivered in the same tick as anything else the stream may see), then closes it.
 */
async function streamTitlesUntil(
  anonymousId: string,
  until: string,
  proof: { userId?: string; userHash?: string } = {},
): Promise<{ status: number; titles: string[] }> {
  const abort = new AbortController();
  const query = new URLSearchParams({ writeKey: workspace.writeKey, anonymousId, ...proof });
  const response = await inAppStream.GET(
    new Request(`http://localhost/v1/in-app/stream?${query}`, { signal: abort.signal }),
  );
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    return { status: response.status, titles: [] };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const titles: string[] = [];
  let buffered = '';
  try {
    while (!titles.includes(until)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (data)
          titles.push((JSON.parse(data.slice(6)) as { content: { title?: string } }).content.title ?? '');
      }
    }
  } finally {
    abort.abort();
    await reader.cancel().catch(() => {});
  }
  return { status: response.status, titles };
}

/** The attacker's own anonymous visitor, with a message of its own to serve as the stream's sentinel. */
async function attackerVisitor(): Promise<{ anonymousId: string; sentinel: string }> {
  const anonymousId = randomUUID();
  const page = await sendWithWriteKey('/v1/page', { anonymousId, name: 'Home' });
  expect(page.status).toBe(200);
  const customer = await getDb().customerIdentity.findFirstOrThrow({
    where: { workspaceId: workspace.id, kind: 'ANONYMOUS_ID', value: anonymousId },
    select: { customerId: true },
  });
  const sentinel = `sentinel ${anonymousId}`;
  await createInAppMessage(getDb(), {
    workspaceId: workspace.id,
    customerId: customer.customerId,
    sendId: randomUUID(),
    layout: 'inbox',
    content: { title: sentinel, html: '<p>the attacker’s own</p>', imageUrl: null, actions: [] },
    expiresAt: null,
  });
  return { anonymousId, sentinel };
}

async function victimProfile(customerId: string) {
  return getDb().customer.findUniqueOrThrow({
    where: { id: customerId },
    select: { email: true, emailOptIn: true, unsubscribedAll: true, phone: true, smsOptIn: true },
  });
}

describe('identity spoofing with the public write key', () => {
  it('attack (a): identify with another shopper’s userId does not let the attacker read their in-app feed', async () => {
    const target = await victim();
    const attacker = await attackerVisitor();
    const claim = await sendWithWriteKey('/v1/identify', {
      userId: target.userId,
      anonymousId: attacker.anonymousId,
    });
    expect(claim.status).toBe(200);

    const feed = await feedTitles(attacker.anonymousId);
    expect(feed).toMatchObject({ status: 200 });
    expect(feed.titles).toContain(attacker.sentinel);
    expect(feed.titles).not.toContain(target.messageTitle);
  });

  it('attack (a): identify with another shopper’s userId does not let the attacker read their in-app stream', async () => {
    const target = await victim();
    const attacker = await attackerVisitor();
    await sendWithWriteKey('/v1/identify', { userId: target.userId, anonymousId: attacker.anonymousId });

    const stream = await streamTitlesUntil(attacker.anonymousId, attacker.sentinel);
    expect(stream.status).toBe(200);
    expect(stream.titles).toContain(attacker.sentinel);
    expect(stream.titles).not.toContain(target.messageTitle);
  });

  it('attack (a): alias of the attacker’s anonymous id to another shopper’s userId does not expose their feed', async () => {
    const target = await victim();
    const attacker = await attackerVisitor();
    await sendWithWriteKey('/v1/alias', { userId: target.userId, previousId: attacker.anonymousId });

    const feed = await feedTitles(attacker.anonymousId);
    expect(feed).toMatchObject({ status: 200 });
    expect(feed.titles).toContain(attacker.sentinel);
    expect(feed.titles).not.toContain(target.messageTitle);
  });

  it('attack (b): identify with another shopper’s userId does not change their email address', async () => {
    const target = await victim();
    const claim = await sendWithWriteKey('/v1/identify', {
      userId: target.userId,
      anonymousId: randomUUID(),
      traits: { email: 'attacker@evil.test', phone: '+15550001111' },
    });
    expect(claim.status).toBe(200);

    const profile = await victimProfile(target.customerId);
    expect(profile.email).toBe(target.email);
    expect(profile.phone).toBeNull();
  });

  it('attack (b): a batch whose identify claims another shopper’s userId does not change their email address', async () => {
    const target = await victim();
    const claim = await sendWithWriteKey('/v1/batch', {
      batch: [
        { type: 'identify', userId: target.userId, traits: { email: 'attacker@evil.test' } },
        {
          type: 'track',
          userId: target.userId,
          event: 'Order Completed',
          context: { traits: { email: 'x@evil.test' } },
        },
      ],
    });
    expect(claim.status).toBe(200);

    expect((await victimProfile(target.customerId)).email).toBe(target.email);
  });

  it('attack (c): identify with another shopper’s userId does not change their consent', async () => {
    const target = await victim();
    const before = await getDb().consentChange.count({ where: { customerId: target.customerId } });
    const claim = await sendWithWriteKey('/v1/identify', {
      userId: target.userId,
      anonymousId: randomUUID(),
      traits: { emailOptIn: false, unsubscribed: true },
    });
    expect(claim.status).toBe(200);

    expect(await victimProfile(target.customerId)).toMatchObject({
      emailOptIn: true,
      unsubscribedAll: false,
    });
    expect(await getDb().consentChange.count({ where: { customerId: target.customerId } })).toBe(before);
  });
});

describe('identity verification (what stopped the attacks)', () => {
  it('records each refused claim for the customer it named, with the reason and where it was refused', async () => {
    const target = await victim();
    const attackerAnonymousId = randomUUID();
    await sendWithWriteKey('/v1/identify', {
      userId: target.userId,
      anonymousId: attackerAnonymousId,
      traits: { email: 'attacker@evil.test' },
    });
    await sendWithWriteKey('/v1/identify', {
      userId: target.userId,
      anonymousId: attackerAnonymousId,
      context: { userHash: userHash('guessed-secret', target.userId) },
    });
    const refusals = await listIdentityRefusals(getDb(), workspace.id, target.customerId);
    expect(
      refusals.map(({ claimedUserId, anonymousId, reason, source }) => ({
        claimedUserId,
        anonymousId,
        reason,
        source,
      })),
    ).toEqual([
      {
        claimedUserId: target.userId,
        anonymousId: attackerAnonymousId,
        reason: 'wrong-signature',
        source: 'ingest:identify',
      },
      {
        claimedUserId: target.userId,
        anonymousId: attackerAnonymousId,
        reason: 'missing-proof',
        source: 'ingest:identify',
      },
    ]);
  });

  it('keeps an unproven claim as anonymous activity: the event is stored for the browser, not the user', async () => {
    const target = await victim();
    const anonymousId = randomUUID();
    const response = await sendWithWriteKey('/v1/track', {
      userId: target.userId,
      anonymousId,
      event: 'Product Viewed',
    });
    await expect(response.json()).resolves.toMatchObject({
      success: true,
      inserted: 1,
      unverifiedUserIds: 1,
    });
    const anonymous = await getDb().customerIdentity.findFirstOrThrow({
      where: { workspaceId: workspace.id, kind: 'ANONYMOUS_ID', value: anonymousId },
      select: { customer: { select: { id: true, userId: true } } },
    });
    expect(anonymous.customer.userId).toBeNull();
    expect(anonymous.customer.id).not.toBe(target.customerId);
  });

  it('a signed identify (user hash in context) still merges the shopper’s browser and updates their email', async () => {
    const target = await victim();
    const browser = await attackerVisitor();
    const response = await sendWithWriteKey('/v1/identify', {
      userId: target.userId,
      anonymousId: browser.anonymousId,
      traits: { email: `new-${target.email}` },
      context: { userHash: userHash(workspace.identitySecret, target.userId) },
    });
    await expect(response.json()).resolves.toMatchObject({ success: true, inserted: 1 });
    expect((await victimProfile(target.customerId)).email).toBe(`new-${target.email}`);
    const stored = await getDb().event.findFirstOrThrow({
      where: { workspaceId: workspace.id, customerId: target.customerId, type: 'IDENTIFY' },
      orderBy: { timestamp: 'desc' },
      select: { context: true },
    });
    expect(stored.context).not.toHaveProperty('userHash');

    const proof = { userId: target.userId, userHash: userHash(workspace.identitySecret, target.userId) };
    const feed = await feedTitles(browser.anonymousId, proof);
    expect(feed).toMatchObject({ status: 200 });
    expect(feed.titles).toEqual(expect.arrayContaining([target.messageTitle, browser.sentinel]));
    const stream = await streamTitlesUntil(browser.anonymousId, browser.sentinel, proof);
    expect(stream.titles).toContain(target.messageTitle);
  });

  it('accepts the proof as an identity token in integrations.Nudgeflow (analytics.js) or the X-Nudgeflow-User-Hash header', async () => {
    const target = await victim();
    await sendWithWriteKey('/v1/identify', {
      userId: target.userId,
      anonymousId: randomUUID(),
      traits: { phone: '+15550002222' },
      integrations: { Nudgeflow: { userHash: identityToken(workspace.identitySecret, target.userId, 300) } },
    });
    expect((await victimProfile(target.customerId)).phone).toBe('+15550002222');
    await fetch(`${server.url}/v1/identify`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Nudgeflow-User-Hash': userHash(workspace.identitySecret, target.userId),
      },
      body: JSON.stringify({
        writeKey: workspace.writeKey,
        userId: target.userId,
        traits: { phone: '+15550003333' },
      }),
    });
    expect((await victimProfile(target.customerId)).phone).toBe('+15550003333');
  });

  it('an identified customer’s own anonymous id without proof gets 403 on the feed and the stream', async () => {
    const target = await victim();
    const feed = await feedTitles(target.anonymousId);
    expect(feed).toMatchObject({
      status: 403,
      body: { error: { field: 'userHash', message: expect.stringContaining('identified customer') } },
    });
    expect((await streamTitlesUntil(target.anonymousId, 'never')).status).toBe(403);
    const forged = await feedTitles(target.anonymousId, { userId: target.userId, userHash: 'a'.repeat(64) });
    expect(forged.status).toBe(403);
    const reasons = (await listIdentityRefusals(getDb(), workspace.id, target.customerId)).map(
      (r) => `${r.source} ${r.reason}`,
    );
    expect(reasons.sort()).toEqual([
      'in-app:feed missing-proof',
      'in-app:feed wrong-signature',
      'in-app:stream missing-proof',
    ]);
  });

  it('trusts the userId of a call made with a secret API key (the shop’s server)', async () => {
    const target = await victim();
    const apiKey = (await createApiKey(getDb(), { workspaceId: workspace.id, name: 'shop server' })).plainKey;
    const response = await fetch(`${server.url}/v1/identify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ userId: target.userId, traits: { emailOptIn: false } }),
    });
    expect(response.status).toBe(200);
    expect((await victimProfile(target.customerId)).emailOptIn).toBe(false);
  });
});

import { closeSharedDb, createInAppMessage, getDb, ingestMessages, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace, uniqueTestId } from '@nudgeflow/db/testing';
import type { IngestMessage } from '@nudgeflow/ingest';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as inAppMessages from '~/app/v1/in-app/messages/route';
import * as inAppStream from '~/app/v1/in-app/stream/route';
import { startRouteServer } from '../testing/route-server';
import { ingestionRoutes } from '../testing/v1-routes';

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
): Promise<{ status: number; titles: string[]; body?: unknown }> {
  const query = new URLSearchParams({ writeKey: workspace.writeKey, anonymousId });
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
): Promise<{ status: number; titles: string[] }> {
  const abort = new AbortController();
  const query = new URLSearchParams({ writeKey: workspace.writeKey, anonymousId });
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

import { Analytics } from '@segment/analytics-node';
import { closeSharedDb, getDb, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteServer } from '../testing/route-server';
import { v1Routes } from '../testing/v1-routes';

/**
 * Must show: Segment's own Node client, pointed at Nudgeflow over real HTTP with a workspace write key,
 * delivers 10,000 track, identify and page events; every one lands, profiles are right, and a re-sent batch
 * is deduplicated.
 */
const CUSTOMERS = 1_000;
const EVENTS_PER_CUSTOMER = 10; // 1 anonymous page, 1 identify, 8 tracks (2 of them orders)

let server: Awaited<ReturnType<typeof startRouteServer>>;
let workspace: Workspace;

beforeAll(async () => {
  server = await startRouteServer(v1Routes);
  // Write-key calls here name userIds without proof, as before identity verification (off for this
  // workspace; what verification changes is security/identity-spoofing.integration-test.ts).
  workspace = await createTestWorkspace(getDb(), { identityVerificationRequired: false });
});
afterAll(async () => {
  await server.close();
  await closeSharedDb();
});

function failures(analytics: Analytics): Error[] {
  const errors: Error[] = [];
  analytics.on('error', (error) => errors.push(error instanceof Error ? error : new Error(String(error))));
  return errors;
}

function sendCustomer(analytics: Analytics, i: number, runId: string): void {
  const userId = `user-${i}`;
  const anonymousId = `anon-${i}`;
  const id = (n: number) => `${runId}-${i}-${n}`;
  analytics.page({
    anonymousId,
    name: 'Home',
    messageId: id(0),
    context: {
      page: { url: 'https://shop.test/?utm_medium=email', referrer: 'https://www.google.com/' },
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile',
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
    },
  });
  analytics.identify({
    userId,
    anonymousId,
    messageId: id(1),
    traits: { email: `Shopper${i}@Shop.test`, emailOptIn: true, plan: i % 2 ? 'pro' : 'free' },
  });
  for (let n = 2; n < EVENTS_PER_CUSTOMER; n++) {
    analytics.track({
      userId,
      messageId: id(n),
      event: n >= 8 ? 'Order Completed' : 'Product Viewed',
      properties: { sku: `sku-${n}`, price: n * 10 },
    });
  }
}

describe('the @segment/analytics-node client against /v1/batch', () => {
  it('delivers 10,000 events, builds the profiles, and deduplicates a re-sent batch', async () => {
    const analytics = new Analytics({
      writeKey: workspace.writeKey,
      host: server.url,
      flushAt: 200,
      flushInterval: 200,
      maxRetries: 5,
    });
    const errors = failures(analytics);
    const runId = `r${Date.now()}`;
    for (let i = 0; i < CUSTOMERS; i++) sendCustomer(analytics, i, runId);
    await analytics.closeAndFlush({ timeout: 110_000 });
    expect(errors).toEqual([]);

    const db = getDb();
    expect(await db.event.count({ where: { workspaceId: workspace.id } })).toBe(
      CUSTOMERS * EVENTS_PER_CUSTOMER,
    );
    expect(await db.customer.count({ where: { workspaceId: workspace.id } })).toBe(CUSTOMERS);
    expect(await db.outboxEntry.count({ where: { workspaceId: workspace.id } })).toBe(
      CUSTOMERS * EVENTS_PER_CUSTOMER,
    );

    const customer = await db.customer.findUniqueOrThrow({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: 'user-7' } },
      include: { identities: true, _count: { select: { events: true } } },
    });
    expect(customer).toMatchObject({
      email: 'shopper7@shop.test',
      emailOptIn: true,
      traits: { plan: 'pro', email: 'Shopper7@Shop.test', emailOptIn: true },
      orderCount: 2,
      lifecycleStage: 'REPEAT',
      platform: 'mobile_web',
      deviceType: 'mobile',
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
      source: 'organic_search',
      _count: { events: EVENTS_PER_CUSTOMER },
    });
    expect(customer.identities.map((identity) => `${identity.kind}:${identity.value}`).sort()).toEqual([
      'ANONYMOUS_ID:anon-7',
      'USER_ID:user-7',
    ]);

    // The same messages again (a client retrying after a lost response): nothing is stored twice.
    const resend = new Analytics({
      writeKey: workspace.writeKey,
      host: server.url,
      flushAt: 200,
      flushInterval: 200,
    });
    const resendErrors = failures(resend);
    for (let i = 0; i < 50; i++) sendCustomer(resend, i, runId);
    await resend.closeAndFlush({ timeout: 30_000 });
    expect(resendErrors).toEqual([]);
    expect(await db.event.count({ where: { workspaceId: workspace.id } })).toBe(
      CUSTOMERS * EVENTS_PER_CUSTOMER,
    );
    const again = await db.customer.findUniqueOrThrow({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: 'user-7' } },
    });
    expect(again.orderCount).toBe(2);
  });
});

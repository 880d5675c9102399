import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLinks } from '@nudgeflow/channels';
import { closeSharedDb, customerPreferences, getDb, type CreatedWorkspace as Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { GET as clickRoute } from '~/app/t/c/[token]/route';
import { GET as pixelRoute } from '~/app/t/o/[token]/route';
import { POST as oneClick } from './route';

describe('one-click unsubscribe and tracking routes', () => {
  let workspace: Workspace;
  let customerId: string;
  let links: ReturnType<typeof messageLinks>;

  beforeAll(async () => {
    const db = getDb();
    workspace = await createTestWorkspace(db);
    const customer = await db.customer.create({
      data: { workspaceId: workspace.id, email: 'route@shop.test', emailOptIn: true },
    });
    customerId = customer.id;
    const send = await db.messageSend.create({
      data: {
        workspaceId: workspace.id,
        customerId,
        idempotencyKey: `route-${customer.id}`,
        channel: 'email',
        status: 'SENT',
      },
    });
    links = messageLinks({
      publicUrl: 'https://app.test',
      workspaceId: workspace.id,
      customerId,
      sendId: send.id,
      topicKey: 'marketing',
      secret: workspace.signingSecret,
    });
  });

  afterAll(async () => {
    await closeSharedDb();
  });

  const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1)!;

  it('unsubscribes on the RFC 8058 POST and refuses a forged token with 400', async () => {
    const token = tokenOf(links.unsubscribeUrl);
    const body = 'List-Unsubscribe=One-Click';
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const forged = await oneClick(new Request('https://app.test/x', { method: 'POST', body, headers }), {
      params: Promise.resolve({ token: `${token}0` }),
    });
    expect(forged.status).toBe(400);
    const response = await oneClick(new Request('https://app.test/x', { method: 'POST', body, headers }), {
      params: Promise.resolve({ token }),
    });
    expect(response.status).toBe(200);
    const preferences = await customerPreferences(getDb(), { workspaceId: workspace.id, customerId });
    expect(preferences?.topics.find((topic) => topic.key === 'marketing')?.subscribed).toBe(false);
  });

  it('redirects a signed click and answers the pixel', async () => {
    const tracked = links.trackClick('https://shop.test/sale?x=1');
    const ok = await clickRoute(new Request(tracked), {
      params: Promise.resolve({ token: tokenOf(tracked) }),
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('https://shop.test/sale?x=1');
    const redirected = new URL(tracked);
    redirected.searchParams.set('u', 'https://evil.test/');
    const refused = await clickRoute(new Request(redirected), {
      params: Promise.resolve({ token: tokenOf(tracked) }),
    });
    expect(refused.status).toBe(400);
    const pixel = await pixelRoute(new Request(links.openPixelUrl), {
      params: Promise.resolve({ token: tokenOf(links.openPixelUrl) }),
    });
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    expect((await pixel.arrayBuffer()).byteLength).toBe(42);
  });
});

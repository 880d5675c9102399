import { closeSharedDb, createApiKey, getDb, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteServer } from '../testing/route-server';
import { v1Routes } from '../testing/v1-routes';

let server: Awaited<ReturnType<typeof startRouteServer>>;
let workspace: Workspace;
let apiKey: string;

beforeAll(async () => {
  server = await startRouteServer(v1Routes);
  // Write-key calls here name userIds without proof, as before identity verification (off for this
  // workspace; what verification changes is security/identity-spoofing.integration-test.ts).
  workspace = await createTestWorkspace(getDb(), { identityVerificationRequired: false });
  apiKey = (await createApiKey(getDb(), { workspaceId: workspace.id, name: 'privacy test' })).plainKey;
});
afterAll(async () => {
  await server.close();
  await closeSharedDb();
});

const call = (method: string, path: string, auth: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('privacy requests', () => {
  it('exports everything about a customer, then deletes it all', async () => {
    const basic = `Basic ${Buffer.from(`${workspace.writeKey}:`).toString('base64')}`;
    await call('POST', '/v1/batch', basic, {
      batch: [
        { type: 'page', anonymousId: 'a-1', name: 'Home' },
        {
          type: 'identify',
          userId: 'gdpr@example.com',
          anonymousId: 'a-1',
          traits: { email: 'gdpr@example.com', emailOptIn: true },
        },
        { type: 'track', userId: 'gdpr@example.com', event: 'Order Completed', properties: { total: 10 } },
        { type: 'track', userId: 'someone-else', event: 'Order Completed' },
      ],
    });

    expect((await call('GET', '/v1/customers/gdpr%40example.com/export', basic)).status).toBe(401);
    const exported = await call('GET', '/v1/customers/gdpr%40example.com/export', `Bearer ${apiKey}`);
    expect(exported.status).toBe(200);
    const data = (await exported.json()) as {
      customer: { userId: string; events: unknown[]; identities: unknown[]; consentChanges: unknown[] };
    };
    expect(data.customer).toMatchObject({ userId: 'gdpr@example.com', email: 'gdpr@example.com' });
    expect(data.customer.events).toHaveLength(3);
    expect(data.customer.identities).toHaveLength(2);
    expect(data.customer.consentChanges).toEqual([
      expect.objectContaining({ subject: 'email', granted: true }),
    ]);

    const deleted = await call('DELETE', '/v1/customers/gdpr%40example.com', `Bearer ${apiKey}`);
    expect(await deleted.json()).toMatchObject({
      success: true,
      deleted: { events: 3, messages: 0 },
      runsExited: 0,
    });
    const db = getDb();
    expect(
      await db.customerIdentity.count({
        where: { workspaceId: workspace.id, value: { in: ['a-1', 'gdpr@example.com'] } },
      }),
    ).toBe(0);
    expect(await db.event.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(await db.outboxEntry.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect((await call('GET', '/v1/customers/gdpr%40example.com/export', `Bearer ${apiKey}`)).status).toBe(
      404,
    );
  });
});

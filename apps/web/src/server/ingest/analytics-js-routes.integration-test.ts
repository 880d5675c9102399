import { closeSharedDb, getDb, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteServer } from '../testing/route-server';
import { analyticsJsRoutes, ingestionRoutes } from '../testing/v1-routes';

/**
 * The wire protocol of Segment's analytics.js (as @segment/analytics-next speaks it) over real HTTP: short
 * routes, text/plain bodies with the write key inside, the settings document, preflights, and JSON answers
 * to a wrong method. The real library in Chromium is e2e/segment-analytics-js.spec.ts.
 */
let server: Awaited<ReturnType<typeof startRouteServer>>;
let workspace: Workspace;

beforeAll(async () => {
  server = await startRouteServer({ ...ingestionRoutes, ...analyticsJsRoutes });
  workspace = await createTestWorkspace(getDb());
});
afterAll(async () => {
  await server.close();
  await closeSharedDb();
});

const SHORT = { t: 'track', i: 'identify', p: 'page', s: 'screen', g: 'group', a: 'alias' } as const;

function eventFor(path: keyof typeof SHORT, messageId: string) {
  const base = { anonymousId: 'anon-dropin', messageId, writeKey: workspace.writeKey };
  switch (SHORT[path]) {
    case 'track':
      return { ...base, type: 'track', event: 'Product Viewed', properties: { sku: 'sku-1' } };
    case 'identify':
      return { ...base, type: 'identify', userId: 'dropin-user', traits: { plan: 'pro' } };
    case 'page':
      return { ...base, type: 'page', name: 'Home' };
    case 'screen':
      return { ...base, type: 'screen', name: 'Cart' };
    case 'group':
      return { ...base, type: 'group', groupId: 'company-1' };
    case 'alias':
      return { ...base, type: 'alias', userId: 'dropin-user', previousId: 'anon-dropin' };
  }
}

describe('analytics.js short routes', () => {
  it('accept a text/plain body with the write key inside, as the browser library sends it', async () => {
    const ids: string[] = [];
    for (const path of Object.keys(SHORT) as (keyof typeof SHORT)[]) {
      const messageId = `dropin-${path}-${Date.now()}`;
      ids.push(messageId);
      const response = await fetch(`${server.url}/v1/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify(eventFor(path, messageId)),
      });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    const stored = await getDb().event.findMany({
      where: { workspaceId: workspace.id, messageId: { in: ids } },
      select: { messageId: true, type: true },
    });
    expect(stored.map((event) => event.messageId).sort()).toEqual([...ids].sort());
  });

  it('/v1/b takes the batching strategy body with Basic auth and keeps one event per message id', async () => {
    const messageIds = [1, 2, 3].map((n) => `dropin-b-${n}-${Date.now()}`);
    const body = {
      writeKey: workspace.writeKey,
      sentAt: new Date().toISOString(),
      batch: messageIds.map((messageId) => ({
        type: 'track',
        event: 'Product Added',
        anonymousId: 'anon-batch',
        messageId,
        writeKey: workspace.writeKey,
      })),
    };
    const send = () =>
      fetch(`${server.url}/v1/b`, {
        method: 'POST',
        headers: {
          'Content-Type': 'text/plain',
          Authorization: `Basic ${Buffer.from(`${workspace.writeKey}:`).toString('base64')}`,
          'X-Retry-Count': '1',
        },
        body: JSON.stringify(body),
      });
    expect((await send()).status).toBe(200);
    // A retry of the same batch (the library retries on a lost answer) must not duplicate anything.
    expect((await send()).status).toBe(200);
    const count = await getDb().event.count({
      where: { workspaceId: workspace.id, messageId: { in: messageIds } },
    });
    expect(count).toBe(3);
  });

  it('answers the CORS preflight for any origin with the headers the library sends, never credentials', async () => {
    const response = await fetch(`${server.url}/v1/t`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-retry-count',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'x-retry-count'])
      expect(allowed).toContain(header);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a wrong method with a JSON error naming the allowed ones', async () => {
    for (const path of ['/v1/t', '/v1/b', '/v1/track', '/v1/batch']) {
      const response = await fetch(`${server.url}${path}`, { method: 'GET' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST, OPTIONS');
      expect(await response.json()).toEqual({
        error: { field: 'method', message: 'is not allowed here: use POST, OPTIONS' },
      });
    }
  });
});

describe('the settings document analytics.js fetches from cdnURL', () => {
  it('points the Segment.io destination at this /v1 API and turns remote metrics off', async () => {
    const response = await fetch(`${server.url}/v1/projects/${workspace.writeKey}/settings`, {
      headers: { Origin: 'https://shop.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const settings = (await response.json()) as {
      integrations: Record<string, { apiKey: string; apiHost: string; protocol: string }>;
      metrics: { sampleRate: number };
    };
    const publicUrl = new URL(process.env.PUBLIC_URL ?? 'http://localhost:3000');
    expect(settings.integrations['Segment.io']).toMatchObject({
      apiKey: workspace.writeKey,
      apiHost: `${publicUrl.host}/v1`,
      protocol: publicUrl.protocol.replace(':', ''),
    });
    // Only our destination: the library must load no third-party code.
    expect(Object.keys(settings.integrations)).toEqual(['Segment.io']);
    expect(settings.metrics.sampleRate).toBe(0);
  });

  it('is a JSON 404 for an unknown write key and a JSON 405 for a POST', async () => {
    const missing = await fetch(`${server.url}/v1/projects/no-such-key/settings`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { field: 'writeKey', message: 'is not the write key of any workspace' },
    });
    const posted = await fetch(`${server.url}/v1/projects/${workspace.writeKey}/settings`, {
      method: 'POST',
    });
    expect(posted.status).toBe(405);
    expect((await posted.json()).error.field).toBe('method');
  });
});

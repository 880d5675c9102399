import { join } from 'node:path';
import { resetEnv } from '@nudgeflow/config';
import { closeSharedDb, getDb, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_DIR, routeFiles, urlOf } from '../testing/route-files';
import { startRouteServer } from '../testing/route-server';
import { ingestionRoutes } from '../testing/v1-routes';
import { clientAddress, isPublicRouteName, resetPublicRateLimits } from './public-rate-limits';
import type { NextRouteHandler } from './route';

/**
 * The public rate limits through the real route handlers over HTTP, with an injected clock (no sleeps): the
 * request past a bucket is 429 with Retry-After in the one error shape, another workspace or address is
 * unaffected, and the bucket refills when the clock moves on.
 */
const LIMITS = {
  RATE_LIMIT_WORKSPACE_PER_SECOND: '1',
  RATE_LIMIT_WORKSPACE_BURST: '5',
  RATE_LIMIT_ADDRESS_PER_SECOND: '1',
  RATE_LIMIT_ADDRESS_BURST: '8',
  TRUSTED_PROXY: '1',
};
const saved = Object.fromEntries(Object.keys(LIMITS).map((name) => [name, process.env[name]]));

let server: Awaited<ReturnType<typeof startRouteServer>>;
let first: Workspace;
let second: Workspace;
let clock = 1_000_000;
let addresses = 0;
/** A fresh client address per call, so a workspace test never meets the per-address limit. */
const freshAddress = () => `198.51.100.${++addresses % 250}, 10.0.0.${addresses % 250}`;

beforeAll(async () => {
  Object.assign(process.env, LIMITS);
  resetEnv();
  server = await startRouteServer(ingestionRoutes);
  first = await createTestWorkspace(getDb());
  second = await createTestWorkspace(getDb());
});
beforeEach(() => {
  clock += 60_000;
  resetPublicRateLimits({ now: () => clock });
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
  resetPublicRateLimits();
  await server.close();
  await closeSharedDb();
});

function track(writeKey: string, forwardedFor: string) {
  return fetch(`${server.url}/v1/track`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', 'X-Forwarded-For': forwardedFor },
    body: JSON.stringify({ writeKey, type: 'track', event: 'Rate Probe', anonymousId: 'rate-probe' }),
  });
}

describe('per-workspace limit', () => {
  it('answers the request past the burst with 429, Retry-After and the one error shape', async () => {
    for (let i = 0; i < 5; i++) expect((await track(first.writeKey, freshAddress())).status).toBe(200);
    const refused = await track(first.writeKey, freshAddress());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await refused.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe('writeKey');
    expect(body.error.message).toMatch(/too many requests/);
  });

  it('leaves another write key unaffected', async () => {
    for (let i = 0; i < 6; i++) await track(first.writeKey, freshAddress());
    expect((await track(first.writeKey, freshAddress())).status).toBe(429);
    expect((await track(second.writeKey, freshAddress())).status).toBe(200);
  });

  it('passes again once the window has refilled', async () => {
    for (let i = 0; i < 5; i++) await track(first.writeKey, freshAddress());
    expect((await track(first.writeKey, freshAddress())).status).toBe(429);
    clock += 999;
    expect((await track(first.writeKey, freshAddress())).status).toBe(429);
    clock += 1001;
    expect((await track(first.writeKey, freshAddress())).status).toBe(200);
  });

  it('does not store the refused events', async () => {
    const before = await getDb().event.count({ where: { workspaceId: first.id } });
    for (let i = 0; i < 7; i++) await track(first.writeKey, freshAddress());
    const after = await getDb().event.count({ where: { workspaceId: first.id } });
    expect(after - before).toBe(5);
  });
});

describe('per-address limit', () => {
  it('refuses the address past its burst, whatever write key it sends, and not another address', async () => {
    const address = '203.0.113.7';
    for (let i = 0; i < 8; i++)
      expect((await track(i % 2 ? first.writeKey : second.writeKey, address)).status).toBe(200);
    const refused = await track(second.writeKey, address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('client');
    expect((await track(second.writeKey, '203.0.113.8')).status).toBe(200);
    clock += 1000;
    expect((await track(second.writeKey, address)).status).toBe(200);
  });

  it('counts refused requests too (an unknown write key spends the address)', async () => {
    const address = '203.0.113.9';
    for (let i = 0; i < 8; i++) expect((await track('wk_unknown', address)).status).toBe(401);
    expect((await track(first.writeKey, address)).status).toBe(429);
  });

  it('behind one trusted proxy, ignores what the client wrote left of the proxy', async () => {
    for (let i = 0; i < 8; i++) await track(second.writeKey, `spoofed-${i}, 203.0.113.10`);
    expect((await track(second.writeKey, 'spoofed-x, 203.0.113.10')).status).toBe(429);
  });

  it('limits every /v1, /sdk and /api/v1 route module, and no other', async () => {
    const files = routeFiles().filter((file) => file !== 'api/trpc/[trpc]/route.ts');
    const address = '203.0.113.11';
    const exhaust = () =>
      Promise.all(Array.from({ length: 8 }, () => track('wk_unknown', address).then((r) => r.status)));
    await exhaust();
    let limited = 0;
    for (const file of files) {
      const module = (await import(/* @vite-ignore */ join(APP_DIR, file))) as Record<
        string,
        NextRouteHandler<Record<string, string>>
      >;
      const { url, params } = urlOf(file);
      const allowed = (
        (await module.OPTIONS!(new Request(url, { method: 'OPTIONS' }))).headers.get('allow') ?? ''
      )
        .split(', ')
        .filter((method) => method !== 'OPTIONS' && method !== 'HEAD');
      const method = allowed.includes('GET') ? 'GET' : allowed[0]!;
      const response = await module[method]!(
        new Request(url, { method, headers: { 'X-Forwarded-For': address } }),
        { params: Promise.resolve(params) },
      );
      const isPublic = isPublicRouteName(`/${file.replace(/\/?route\.ts$/, '')}`);
      if (isPublic) {
        expect(response.status, file).toBe(429);
        limited++;
      } else {
        expect(response.status, file).not.toBe(429);
      }
    }
    expect(limited).toBeGreaterThan(30);
  });
});

describe('client address', () => {
  const request = (forwardedFor?: string) =>
    new Request('http://nudgeflow.test/v1/track', {
      headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {},
    });

  it('reads the entry the outermost trusted proxy appended', () => {
    expect(clientAddress(request('1.1.1.1, 2.2.2.2, 3.3.3.3'), 2)).toBe('2.2.2.2');
    expect(clientAddress(request('1.1.1.1, 2.2.2.2, 3.3.3.3'), 1)).toBe('3.3.3.3');
    expect(clientAddress(request('3.3.3.3'), 3)).toBe('3.3.3.3');
  });

  it('without a proxy, reads the address Next.js recorded (the rightmost entry)', () => {
    expect(clientAddress(request('9.9.9.9'), 0)).toBe('9.9.9.9');
    expect(clientAddress(request(), 0)).toBe('unknown');
  });
});

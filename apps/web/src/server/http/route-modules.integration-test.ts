import { join } from 'node:path';
import { closeSharedDb } from '@nudgeflow/db';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_DIR as APP, routeFiles, urlOf } from '../testing/route-files';
import { HTTP_METHODS, isWrappedHandler, type NextRouteHandler } from './route';

/**
 * Every route module of the app outside tRPC, found on disk (so a new route cannot be left out): each exports
 * a handler made by `route()` for every method, a wrong method answers 405 with the one error shape, and a
 * request without credentials or with a broken body is refused in that shape too.
 */
/** tRPC answers in its own protocol; every other route goes through the HTTP edge. */
const NOT_THE_EDGE = new Set(['api/trpc/[trpc]/route.ts']);
/** Non-route exports Next.js reads from a route module. */
const CONFIG_EXPORTS = new Set(['dynamic', 'revalidate', 'runtime', 'maxDuration', 'fetchCache']);
/** Methods that rightly succeed without credentials or a body (the open pixel, the health check …). */
const OPEN = new Set([
  'GET api/health/route.ts',
  'GET api/unsubscribe/[token]/route.ts',
  'GET t/o/[token]/route.ts',
  'GET api/auth/[...all]/route.ts',
  'POST api/auth/[...all]/route.ts',
]);

const files = routeFiles()
  .filter((file) => !NOT_THE_EDGE.has(file))
  .sort();

afterAll(async () => {
  await closeSharedDb();
});

async function errorBody(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as {
    error?: { field?: unknown; message?: unknown };
    errors?: unknown;
  };
  expect(typeof body.error?.field).toBe('string');
  expect(body.error?.field).not.toBe('');
  expect(typeof body.error?.message).toBe('string');
  if (body.errors !== undefined) expect(Array.isArray(body.errors)).toBe(true);
  return body.error as { field: string; message: string };
}

describe('route modules', () => {
  it('finds the routes', () => {
    expect(files).toContain('v1/track/route.ts');
    expect(files).toContain('api/v1/templates/route.ts');
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)('%s exports only wrapped handlers, and answers in one error shape', async (file) => {
    const module = (await import(/* @vite-ignore */ join(APP, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (CONFIG_EXPORTS.has(name)) continue;
      expect(HTTP_METHODS as readonly string[], `${file} exports ${name}`).toContain(name);
      expect(isWrappedHandler(value), `${file} ${name} is not made by route()`).toBe(true);
    }
    for (const method of HTTP_METHODS) expect(module[method], `${file} lacks ${method}`).toBeDefined();

    const { url, params } = urlOf(file);
    const call = (method: string, body?: string) =>
      (module[method] as NextRouteHandler<Record<string, string>>)(
        new Request(url, {
          method,
          ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
        }),
        { params: Promise.resolve(params) },
      );
    const options = await call('OPTIONS');
    const allowed = (options.headers.get('allow') ?? '').split(', ').filter(Boolean);
    expect(allowed.length).toBeGreaterThan(1);
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      if (allowed.includes(method)) {
        if (OPEN.has(`${method} ${file}`)) continue;
        const refused = await call(method, method === 'GET' ? undefined : '{"not json');
        expect(refused.status, `${method} ${file}`).toBeGreaterThanOrEqual(400);
        expect(refused.status, `${method} ${file}`).toBeLessThan(500);
        await errorBody(refused);
      } else {
        const wrong = await call(method, method === 'GET' ? undefined : '{}');
        expect(wrong.status, `${method} ${file}`).toBe(405);
        expect(wrong.headers.get('allow')).toBe(allowed.join(', '));
        expect((await errorBody(wrong)).field).toBe('method');
      }
    }
  });
});

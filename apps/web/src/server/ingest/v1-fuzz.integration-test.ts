import { closeSharedDb, createApiKey, getDb, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteServer } from '../testing/route-server';
import { ingestionRoutes, v1Routes } from '../testing/v1-routes';

/**
 * Must show: property-based fuzzing of every /v1 ingestion route with malformed and hostile payloads.
 * Whatever arrives, the answer is never a 5xx (the route server turns a thrown handler into 599, so a crash
 * fails too), every refusal names a field and says what is wrong, nothing pollutes Object.prototype, and
 * events accepted before the storm are all still there afterwards.
 */
const TARGETS = [
  ...Object.keys(ingestionRoutes).map((path) => ({ path, method: 'POST' })),
  { path: '/v1/products', method: 'POST' },
  { path: '/v1/products/{id}/alerts', method: 'POST' },
  { path: '/v1/customers/{id}', method: 'DELETE' },
  { path: '/v1/customers/{id}/export', method: 'GET' },
];
const TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'];

let server: Awaited<ReturnType<typeof startRouteServer>>;
let workspace: Workspace;
let apiKey: string;

beforeAll(async () => {
  server = await startRouteServer(v1Routes);
  // Write-key calls here name userIds without proof, as before identity verification (off for this
  // workspace; what verification changes is security/identity-spoofing.integration-test.ts).
  workspace = await createTestWorkspace(getDb(), { identityVerificationRequired: false });
  apiKey = (await createApiKey(getDb(), { workspaceId: workspace.id, name: 'fuzz' })).plainKey;
});
afterAll(async () => {
  await server.close();
  await closeSharedDb();
});

const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff\ud800',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    '\'; DROP TABLE "Event"; --',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧',
    '',
    ' ',
    '9'.repeat(400),
  ),
  fc.nat({ max: 600_000 }).map((n) => 'x'.repeat(n)),
);
const hostileKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'userId', 'type', '\u0000', '\ud800'),
);
const { value: hostileValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
}));
const deepNesting = fc.nat({ max: 3_000 }).map((n) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < n; i++) value = i % 2 ? [value] : { nested: value };
  return value;
});

const message = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...TYPES), hostileValue),
    userId: fc.oneof(fc.constantFrom('fuzz-user-1', 'fuzz-user-2'), hostileValue),
    anonymousId: fc.oneof(fc.uuid(), hostileValue),
    previousId: fc.oneof(fc.constantFrom('fuzz-user-1', 'fuzz-anon'), hostileValue),
    groupId: fc.oneof(fc.constant('g1'), hostileValue),
    event: fc.oneof(fc.constantFrom('Product Added', 'Order Completed'), hostileValue),
    name: hostileValue,
    messageId: fc.oneof(fc.uuid(), hostileValue),
    timestamp: fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      hostileValue,
    ),
    sentAt: hostileValue,
    properties: fc.oneof(fc.dictionary(hostileKey, hostileValue, { maxKeys: 5 }), hostileValue, deepNesting),
    traits: fc.oneof(fc.dictionary(hostileKey, hostileValue, { maxKeys: 5 }), hostileValue),
    context: fc.oneof(fc.dictionary(hostileKey, hostileValue, { maxKeys: 5 }), hostileValue),
  },
  { requiredKeys: [] },
);

const product = fc.record(
  {
    id: fc.oneof(fc.constantFrom('shoe', 'hat'), hostileValue),
    name: fc.oneof(fc.constant('Shoe'), hostileValue),
    price: fc.oneof(fc.double(), fc.constantFrom('12.50', '-1', '1e999'), hostileValue),
    stock: fc.oneof(fc.integer(), hostileValue),
    currency: hostileValue,
    url: fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd'), hostileValue),
    category: hostileValue,
  },
  { requiredKeys: [] },
);

const payload = fc.oneof(
  message,
  fc.record({ products: fc.oneof(fc.array(product, { maxLength: 5 }), hostileValue) }, { requiredKeys: [] }),
  fc.record({ batch: fc.oneof(fc.array(message, { maxLength: 20 }), hostileValue) }, { requiredKeys: [] }),
  hostileValue,
);

type Body =
  { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'bytes'; bytes: Uint8Array };
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 6, arbitrary: payload.map((value) => ({ kind: 'json' as const, value })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string(),
        fc.constantFrom(
          '{',
          '{"batch":[',
          'null',
          '[]',
          '{"__proto__":{"polluted":true},"userId":"p","event":"e"}',
          '{"constructor":{"prototype":{"polluted":true}}}',
        ),
      )
      .map((text) => ({ kind: 'raw' as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .nat({ max: 20_000 })
      .map((n) => ({ kind: 'raw' as const, text: '['.repeat(n) + ']'.repeat(n) })),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: 'bytes' as const, bytes })),
  },
);
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'image/png',
  'garbage',
);
const auth = fc.constantFrom(
  'basic',
  'basic',
  'basic',
  'body',
  'api-key',
  'api-key',
  'none',
  'wrong-key',
  'malformed-header',
);
// '', '.' and '..' never reach a handler: URL normalisation turns them into other paths.
const pathId = fc
  .oneof(
    fc.constantFrom('fuzz-user-1', 'fuzz-user-2', 'shoe', '%00', '\u0000'),
    fc.string({ maxLength: 300 }),
  )
  .filter((id) => id !== '' && id !== '.' && id !== '..');

async function send(
  route: string,
  requestBody: Body,
  type: string | undefined,
  authMode: string,
  method = 'POST',
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (type) headers['content-type'] = type;
  if (authMode === 'basic')
    headers.authorization = `Basic ${Buffer.from(`${workspace.writeKey}:`).toString('base64')}`;
  if (authMode === 'wrong-key') headers.authorization = `Basic ${Buffer.from('wk_nope:').toString('base64')}`;
  if (authMode === 'malformed-header') headers.authorization = 'Basic !!!not base64';
  if (authMode === 'api-key') headers.authorization = `Bearer ${apiKey}`;
  let data: string | Uint8Array;
  if (requestBody.kind === 'json') {
    const value =
      authMode === 'body' &&
      typeof requestBody.value === 'object' &&
      requestBody.value !== null &&
      !Array.isArray(requestBody.value)
        ? { ...requestBody.value, writeKey: workspace.writeKey }
        : requestBody.value;
    data = JSON.stringify(value) ?? 'undefined';
  } else data = requestBody.kind === 'raw' ? requestBody.text : requestBody.bytes;
  return fetch(`${server.url}${route}`, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: data as BodyInit }),
  });
}

async function expectWellFormed(response: Response): Promise<void> {
  expect(response.status).toBeLessThan(500);
  const json = (await response.json()) as {
    success?: boolean;
    error?: { field?: unknown; message?: unknown };
  };
  if (response.status === 200) {
    expect(json.success).toBe(true);
    return;
  }
  expect([400, 401, 404, 415, 429]).toContain(response.status);
  expect(typeof json.error?.field).toBe('string');
  expect(json.error?.field).not.toBe('');
  expect(typeof json.error?.message).toBe('string');
  expect(json.error?.message).not.toBe('');
}

describe('/v1 routes under hostile input', () => {
  it('never answer 5xx, always explain a refusal, and keep what was accepted before', async () => {
    const accepted = Array.from({ length: 20 }, (_, i) => ({
      type: 'track',
      userId: 'kept-user',
      event: 'Kept',
      messageId: `kept-${workspace.id}-${i}`,
      properties: { i },
    }));
    const before = await send(
      '/v1/batch',
      { kind: 'json', value: { batch: accepted } },
      'application/json',
      'basic',
    );
    expect(before.status).toBe(200);

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TARGETS),
        pathId,
        body,
        contentType,
        auth,
        async (target, id, requestBody, type, authMode) => {
          const path = target.path.replace('{id}', encodeURIComponent(id));
          await expectWellFormed(await send(path, requestBody, type, authMode, target.method));
        },
      ),
      { numRuns: 500 },
    );

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const kept = await getDb().event.findMany({
      where: { workspaceId: workspace.id, name: 'Kept' },
      orderBy: { messageId: 'asc' },
      select: { messageId: true, properties: true },
    });
    expect(kept).toHaveLength(accepted.length);
    // Re-sending them is still deduplicated after the storm.
    const again = await send(
      '/v1/batch',
      { kind: 'json', value: { batch: accepted } },
      'application/json',
      'basic',
    );
    expect(await again.json()).toMatchObject({ success: true, inserted: 0, duplicates: accepted.length });
  });

  it('answers precise errors for the classic mistakes', async () => {
    const cases: [string, Body, string | undefined, string, number, string][] = [
      ['/v1/track', { kind: 'json', value: { userId: 'u' } }, 'application/json', 'basic', 400, 'event'],
      ['/v1/track', { kind: 'json', value: { event: 'x' } }, 'application/json', 'basic', 400, 'userId'],
      [
        '/v1/batch',
        { kind: 'json', value: { batch: [{ type: 'track', userId: 'u', event: 'e' }, { type: 'page' }] } },
        'application/json',
        'basic',
        400,
        'batch[1].userId',
      ],
      ['/v1/identify', { kind: 'raw', text: '{"userId":' }, 'application/json', 'basic', 400, 'body'],
      ['/v1/page', { kind: 'json', value: { userId: 'u' } }, 'application/json', 'none', 401, 'writeKey'],
      [
        '/v1/page',
        { kind: 'json', value: { userId: 'u' } },
        'application/json',
        'wrong-key',
        401,
        'writeKey',
      ],
      ['/v1/page', { kind: 'json', value: { userId: 'u' } }, 'image/png', 'basic', 415, 'content-type'],
      [
        '/v1/batch',
        {
          kind: 'json',
          value: {
            batch: [{ type: 'track', userId: 'u', event: 'e', properties: { s: 'x'.repeat(40_000) } }],
          },
        },
        'application/json',
        'basic',
        400,
        'batch[0]',
      ],
      [
        '/v1/batch',
        {
          kind: 'raw',
          text: JSON.stringify({
            batch: [{ type: 'track', userId: 'u', event: 'e', properties: { s: 'x'.repeat(600_000) } }],
          }),
        },
        'text/plain',
        'basic',
        400,
        'body',
      ],
    ];
    for (const [route, requestBody, type, authMode, status, field] of cases) {
      const response = await send(route, requestBody, type, authMode);
      expect({ route, field, status: response.status }).toEqual({ route, field, status });
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
  });
});

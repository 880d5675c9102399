import { join } from 'node:path';
import { createApiKey, createInAppMessage, type Workspace } from '@nudgeflow/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../api/root';
import { createContextInner } from '../api/trpc';
import type { NextRouteHandler } from '../http/route';
import { APP_DIR, routeFiles, urlOf } from '../testing/route-files';
import {
  closeSharedDb,
  createTestWorkspace,
  getDb,
  ingestMessages,
  parseIngestBodyForTests,
  uniqueTestId,
} from '../testing/router-fixtures';

/**
 * Attack suite: insecure direct object references in the HTTP API. Every route module under the app (found
 * on disk, so a new one cannot be missed) whose path names a workspace's row is called, with every method it
 * takes, by workspace A's own credentials (API key, or write key where only that is accepted) and workspace
 * B's ids in the path. No answer may carry B's data, nothing of B may change, and nothing may fail with 500.
 */
const db = getDb();
const MARKER = `FOREIGN${uniqueTestId('r').replace(/-/g, '')}`;

/** Path parameters that name a workspace's row, filled with B's. */
const ROW_PARAMS = ['journeyId', 'segmentId', 'templateId', 'userId', 'productId', 'messageId'] as const;
type RowParam = (typeof ROW_PARAMS)[number];
/**
 * Path parameters that do not address a row by id: signed tokens (signed-links test), the SDK file name,
 * better-auth's catch-all, the in-app action verb, the public settings document's write key (public by
 * design: Segment's CDN serves it to anyone), the workspace of provider webhooks (Twilio-signed), and tRPC's
 * procedure path (cross-workspace-ids covers every procedure).
 */
const OTHER_PARAMS = new Set(['token', 'file', 'all', 'action', 'writeKey', 'workspaceId', 'trpc']);

let own: Workspace;
let foreign: Workspace;
let ownApiKey: string;
const foreignIds = {} as Record<RowParam, string>;

async function foreignState() {
  const where = { workspaceId: foreign.id };
  return JSON.stringify(
    await Promise.all([
      db.journey.findMany({ where, orderBy: { id: 'asc' } }),
      db.template.findMany({ where, orderBy: { id: 'asc' } }),
      db.segment.findMany({ where, orderBy: { id: 'asc' } }),
      db.customer.findMany({ where, orderBy: { id: 'asc' } }),
      db.product.findMany({ where, orderBy: { id: 'asc' } }),
      db.inAppMessage.findMany({ where, orderBy: { id: 'asc' } }),
      db.event.count({ where }),
    ]),
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
  );
}

beforeAll(async () => {
  const victimId = uniqueTestId('victim');
  const victim = await db.user.create({
    data: { id: victimId, name: 'Victim', email: `${victimId}@nudgeflow.test`, emailVerified: true },
  });
  own = await createTestWorkspace(db);
  foreign = await createTestWorkspace(db, { ownerUserId: victim.id });
  ownApiKey = (await createApiKey(db, { workspaceId: own.id, name: 'attacker' })).plainKey;
  // Ids the attacker sends may be echoed in a 404; the marker sits only in B's data.
  foreignIds.userId = uniqueTestId('foreign-user');
  await ingestMessages(
    db,
    parseIngestBodyForTests([
      { type: 'identify', userId: foreignIds.userId, traits: { email: `${MARKER}@shop.test` } },
    ]),
    { workspaceId: foreign.id },
  );
  const customer = await db.customer.findFirstOrThrow({ where: { workspaceId: foreign.id } });
  const victimCaller = createCaller(
    createContextInner({ session: { user: { id: victim.id, email: victim.email, name: victim.name } } }),
  );
  foreignIds.journeyId = (
    (await victimCaller.journeys.createBlank({ workspaceId: foreign.id, name: `${MARKER} journey` })) as {
      id: string;
    }
  ).id;
  foreignIds.templateId = (
    await db.template.create({
      data: {
        workspaceId: foreign.id,
        name: `${MARKER} template`,
        channel: 'SMS',
        content: { variants: { en: { body: MARKER } } },
      },
    })
  ).id;
  foreignIds.segmentId = (
    await db.segment.create({
      data: {
        workspaceId: foreign.id,
        name: `${MARKER} segment`,
        definition: { condition: { kind: 'reachable', channel: 'any' } },
      },
    })
  ).id;
  foreignIds.productId = uniqueTestId('foreign-product');
  await db.product.create({
    data: { workspaceId: foreign.id, id: foreignIds.productId, name: `${MARKER} product`, price: 1 },
  });
  const send = await db.messageSend.create({
    data: {
      workspaceId: foreign.id,
      customerId: customer.id,
      channel: 'inApp',
      idempotencyKey: `routes-${foreign.id}`,
      status: 'SENT',
    },
  });
  foreignIds.messageId = await createInAppMessage(db, {
    workspaceId: foreign.id,
    customerId: customer.id,
    sendId: send.id,
    layout: 'inbox',
    content: { title: MARKER, html: `<p>${MARKER}</p>`, imageUrl: null, actions: [] },
    expiresAt: null,
  });
});
afterAll(async () => {
  await closeSharedDb();
});

const paramsOf = (file: string) => [...file.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((match) => match[1]!);
const targeted = routeFiles().filter((file) =>
  paramsOf(file).some((name) => (ROW_PARAMS as readonly string[]).includes(name)),
);

describe('API routes called with another workspace’s ids', () => {
  it('knows every path parameter (a new kind must be added here)', () => {
    for (const file of routeFiles())
      for (const name of paramsOf(file))
        expect([...ROW_PARAMS, ...OTHER_PARAMS], `${file} takes ${name}`).toContain(name);
    expect(targeted.length).toBeGreaterThan(12);
  });

  it.each(targeted)('%s: no read, no write of the other workspace', async (file) => {
    const module = (await import(/* @vite-ignore */ join(APP_DIR, file))) as Record<
      string,
      NextRouteHandler<Record<string, string>>
    >;
    const { url, params } = urlOf(file, (name) =>
      name === 'action' ? 'read' : (foreignIds[name as RowParam] ?? 'x'),
    );
    const allowed = (
      (await module.OPTIONS!(new Request(url, { method: 'OPTIONS' }))).headers.get('allow') ?? ''
    )
      .split(', ')
      .filter((method) => !['OPTIONS', 'HEAD'].includes(method));
    expect(allowed.length).toBeGreaterThan(0);
    for (const method of allowed) {
      const before = await foreignState();
      const send = (authorization: string) =>
        module[method]!(
          new Request(url, {
            method,
            headers: { authorization, 'content-type': 'application/json' },
            ...(method === 'GET' || method === 'DELETE'
              ? {}
              : { body: JSON.stringify({ writeKey: own.writeKey }) }),
          }),
          { params: Promise.resolve(params) },
        );
      let response = await send(`Bearer ${ownApiKey}`);
      if (response.status === 401)
        response = await send(`Basic ${Buffer.from(`${own.writeKey}:`).toString('base64')}`);
      const text = await response.text();
      expect(response.status, `${method} ${file}: ${text}`).toBeLessThan(500);
      expect(text, `${method} ${file} answered with the other workspace's data`).not.toContain(MARKER);
      expect(await foreignState(), `${method} ${file} changed the other workspace`).toBe(before);
    }
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  closeDb,
  closeSharedDb,
  createApiKey,
  createDb,
  findJourney,
  listJourneyVersions,
  type Db,
} from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { env } from '@nudgeflow/config';
import { compileJourneyDocument, JourneyDefinition } from '@nudgeflow/journey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as exportRoute from './[journeyId]/export/route';
import * as migrateRoute from './[journeyId]/migrate/route';
import * as triggerRoute from './[journeyId]/trigger/route';
import * as pauseRoute from './[journeyId]/pause/route';
import * as publishRoute from './[journeyId]/publish/route';
import * as resumeRoute from './[journeyId]/resume/route';
import * as journeyRoute from './[journeyId]/route';
import * as journeysRoute from './route';

const cartExample = JSON.parse(
  readFileSync(
    fileURLToPath(
      new URL('../../../../../../../packages/journey/examples/cart-abandonment.json', import.meta.url),
    ),
    'utf8',
  ),
) as { nodes: { id: string; config: { channels?: { channel: string; templateId: string }[] } }[] };

const BASE = 'http://nudgeflow.test/api/v1/journeys';

function call(key: string | null, method: string, path = '', body?: unknown): Request {
  return new Request(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

const params = (journeyId: string) => ({ params: Promise.resolve({ journeyId }) });

async function read(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('journeys as code over /api/v1/journeys', () => {
  let db: Db;
  let key: string;
  let otherKey: string;
  let workspaceIds: string[] = [];
  let document: typeof cartExample;

  beforeAll(async () => {
    db = createDb(env().DATABASE_URL);
    const workspace = await createTestWorkspace(db);
    const other = await createTestWorkspace(db);
    workspaceIds = [workspace.id, other.id];
    key = (await createApiKey(db, { workspaceId: workspace.id, name: 'ci' })).plainKey;
    otherKey = (await createApiKey(db, { workspaceId: other.id, name: 'other' })).plainKey;
    const push = await db.template.create({
      data: { workspaceId: workspace.id, name: 'Cart push', channel: 'PUSH', content: {} },
    });
    const email = await db.template.create({
      data: { workspaceId: workspace.id, name: 'Cart email', channel: 'EMAIL', content: {} },
    });
    document = structuredClone(cartExample);
    const reminder = document.nodes.find((node) => node.id === 'cart_reminder')!;
    reminder.config.channels = [
      { channel: 'push', templateId: push.id },
      { channel: 'email', templateId: email.id },
    ];
  });

  afterAll(async () => {
    await db.workspace.deleteMany({ where: { id: { in: workspaceIds } } });
    await closeDb(db);
    // The route handlers use the process-wide client.
    await closeSharedDb();
  });

  it('names the bad field of a trigger or migrate body, and finds no journey outside the workspace', async () => {
    const id = '00000000-0000-4000-8000-0000000000aa';
    const trigger = await read(
      await triggerRoute.POST(call(key, 'POST', `/${id}/trigger`, { properties: 3 }), params(id)),
    );
    expect(trigger.status).toBe(400);
    expect((trigger.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'properties',
      'userId',
    ]);
    const migrate = await read(
      await migrateRoute.POST(call(key, 'POST', `/${id}/migrate`, { fromVersion: 'one' }), params(id)),
    );
    expect(migrate).toMatchObject({ status: 400, body: { error: { field: 'fromVersion' } } });
    const unknown = await read(
      await triggerRoute.POST(call(key, 'POST', `/${id}/trigger`, { userId: 'u-1' }), params(id)),
    );
    expect(unknown.status).toBe(404);
    const anonymous = await triggerRoute.POST(
      call(null, 'POST', `/${id}/trigger`, { userId: 'u-1' }),
      params(id),
    );
    expect(anonymous.status).toBe(401);
  });

  it('refuses callers without a valid key', async () => {
    const missing = await read(await journeysRoute.GET(call(null, 'GET')));
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ field: 'authorization' });
    const wrong = await read(await journeysRoute.GET(call(`nf_sk_${'x'.repeat(43)}`, 'GET')));
    expect(wrong.status).toBe(401);
  });

  it('rejects invalid documents with the node and field at fault', async () => {
    const badJson = await read(await journeysRoute.POST(call(key, 'POST', '', '{"format":')));
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toMatchObject({ field: 'body' });

    // The example's placeholder templates do not exist in this workspace.
    const unknownTemplates = await read(
      await journeysRoute.POST(call(key, 'POST', '?publish=true', cartExample)),
    );
    expect(unknownTemplates.status).toBe(400);
    expect(unknownTemplates.body.error).toMatchObject({
      nodeId: 'cart_reminder',
      field: 'channels.0.templateId',
    });
    expect((await read(await journeysRoute.GET(call(key, 'GET')))).body.journeys).toEqual([]);
  });

  it('imports, publishes, exports and re-imports the same journey', async () => {
    const created = await read(await journeysRoute.POST(call(key, 'POST', '?publish=true', document)));
    expect(created.body.errors ?? []).toEqual([]);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      created: true,
      publishedVersion: 1,
      journey: { status: 'ACTIVE', activeVersion: 1 },
    });
    const journeyId = (created.body.journey as { id: string }).id;

    const listed = await read(await journeysRoute.GET(call(key, 'GET')));
    expect(listed.body.journeys).toEqual([
      expect.objectContaining({ id: journeyId, name: 'Cart abandonment' }),
    ]);

    const exported = await read(
      await exportRoute.GET(call(key, 'GET', `/${journeyId}/export`), params(journeyId)),
    );
    expect(exported.status).toBe(200);
    const original = compileJourneyDocument(document);
    const roundTripped = compileJourneyDocument(exported.body);
    expect(roundTripped.ok && roundTripped.definition).toEqual(original.ok && original.definition);

    // The stored version is the compiled definition with its real identity.
    const [version] = await listJourneyVersions(db, workspaceIds[0]!, journeyId);
    const stored = await db.journeyVersion.findUniqueOrThrow({ where: { id: version!.id } });
    const definition = JourneyDefinition.parse(stored.definition);
    expect(definition).toMatchObject({
      journeyId,
      versionId: version!.id,
      version: 1,
      triggerNodeIds: ['product_added'],
    });

    // Re-import the export as an update, publishing version 2; node ids stay stable.
    const updated = await read(
      await journeyRoute.PUT(
        call(key, 'PUT', `/${journeyId}?publish=1`, { ...exported.body, name: 'Cart abandonment v2' }),
        params(journeyId),
      ),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      created: false,
      publishedVersion: 2,
      journey: { name: 'Cart abandonment v2' },
    });
    const fetched = await read(await journeyRoute.GET(call(key, 'GET', `/${journeyId}`), params(journeyId)));
    expect((fetched.body.document as { nodes: { id: string }[] }).nodes.map((node) => node.id)).toEqual([
      'product_added',
      'wait_for_order',
      'cart_reminder',
      'ordered',
    ]);
  });

  it('pauses and resumes, refusing moves the status does not allow', async () => {
    const created = await read(
      await journeysRoute.POST(call(key, 'POST', '', { ...document, name: 'Draft only' })),
    );
    const journeyId = (created.body.journey as { id: string }).id;
    expect(created.body).toMatchObject({ publishedVersion: null, journey: { status: 'DRAFT' } });

    const pauseDraft = await read(await pauseRoute.POST(call(key, 'POST'), params(journeyId)));
    expect(pauseDraft.status).toBe(409);
    const resumeDraft = await read(await resumeRoute.POST(call(key, 'POST'), params(journeyId)));
    expect(resumeDraft.status).toBe(409);

    const published = await read(await publishRoute.POST(call(key, 'POST'), params(journeyId)));
    expect(published).toMatchObject({
      status: 200,
      body: { version: 1, migration: null, journey: { status: 'ACTIVE' } },
    });
    expect((await read(await pauseRoute.POST(call(key, 'POST'), params(journeyId)))).body).toMatchObject({
      status: 'PAUSED',
    });
    expect((await read(await pauseRoute.POST(call(key, 'POST'), params(journeyId)))).status).toBe(409);
    // Publishing while paused keeps the journey paused until someone resumes it.
    expect((await read(await publishRoute.POST(call(key, 'POST'), params(journeyId)))).body).toMatchObject({
      version: 2,
      journey: { status: 'PAUSED' },
    });
    expect((await read(await resumeRoute.POST(call(key, 'POST'), params(journeyId)))).body).toMatchObject({
      status: 'ACTIVE',
    });
    expect((await findJourney(db, workspaceIds[0]!, journeyId))?.activeVersion?.version).toBe(2);
  });

  it("hides one workspace's journeys from another's key", async () => {
    const created = await read(
      await journeysRoute.POST(call(key, 'POST', '', { ...document, name: 'Private' })),
    );
    const journeyId = (created.body.journey as { id: string }).id;
    expect(
      (await read(await journeyRoute.GET(call(otherKey, 'GET', `/${journeyId}`), params(journeyId)))).status,
    ).toBe(404);
    expect((await read(await publishRoute.POST(call(otherKey, 'POST'), params(journeyId)))).status).toBe(404);
    expect(
      (
        await read(
          await journeyRoute.PUT(call(otherKey, 'PUT', `/${journeyId}`, document), params(journeyId)),
        )
      ).status,
    ).toBe(404);
    expect(
      (await read(await journeyRoute.GET(call(key, 'GET', '/not-a-uuid'), params('not-a-uuid')))).status,
    ).toBe(404);
  });

  it('saves a draft naming missing templates with warnings, and refuses to publish it', async () => {
    const draft = await read(
      await journeysRoute.POST(call(key, 'POST', '', { ...cartExample, name: 'Templates later' })),
    );
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ publishedVersion: null, journey: { status: 'DRAFT' } });
    const warnings = draft.body.warnings as { nodeId?: string; field?: string }[];
    expect(warnings.map((warning) => `${warning.nodeId} ${warning.field}`)).toEqual([
      'cart_reminder channels.0.templateId',
      'cart_reminder channels.1.templateId',
    ]);
    const journeyId = (draft.body.journey as { id: string }).id;

    const publish = await read(await publishRoute.POST(call(key, 'POST'), params(journeyId)));
    expect(publish.status).toBe(400);
    expect(publish.body.error).toMatchObject({ nodeId: 'cart_reminder', field: 'channels.0.templateId' });
    const republish = await read(
      await journeyRoute.PUT(call(key, 'PUT', `/${journeyId}?publish=true`, cartExample), params(journeyId)),
    );
    expect(republish.status).toBe(400);
    // A refused publish saves nothing: the draft keeps its name.
    expect(await findJourney(db, workspaceIds[0]!, journeyId)).toMatchObject({
      name: 'Templates later',
      status: 'DRAFT',
    });

    // With the templates in place the same draft saves without warnings and publishes.
    const fixed = await read(
      await journeyRoute.PUT(
        call(key, 'PUT', `/${journeyId}`, { ...document, name: 'Templates later' }),
        params(journeyId),
      ),
    );
    expect(fixed.body).toMatchObject({ warnings: [] });
    const published = await read(await publishRoute.POST(call(key, 'POST'), params(journeyId)));
    expect(published).toMatchObject({ status: 200, body: { version: 1 } });
  });

  it('reports a bad setting together with the node errors it used to hide', async () => {
    const broken = structuredClone(document) as typeof document & { settings: unknown };
    broken.settings = { governance: { quietHours: 'sometimes' } };
    broken.nodes.find((node) => node.id === 'cart_reminder')!.config.channels = [];
    const refused = await read(await journeysRoute.POST(call(key, 'POST', '', broken)));
    expect(refused.status).toBe(400);
    expect(
      (refused.body.errors as { nodeId?: string; field?: string }[]).map(
        (error) => `${error.nodeId ?? ''} ${error.field}`,
      ),
    ).toEqual([' settings.governance.quietHours', 'cart_reminder channels']);
  });
});

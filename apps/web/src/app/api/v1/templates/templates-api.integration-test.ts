import { env } from '@nudgeflow/config';
import { closeDb, closeSharedDb, createApiKey, createDb, type Db } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as templateRoute from './[templateId]/route';
import * as templatesRoute from './route';

const BASE = 'http://nudgeflow.test/api/v1/templates';

function call(key: string | null, method: string, path = '', body?: unknown): Request {
  return new Request(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

const params = (templateId: string) => ({ params: Promise.resolve({ templateId }) });

async function read(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sms = {
  format: 'nudgeflow.template/v1',
  name: 'Cart SMS',
  channel: 'sms',
  content: { variants: { en: { body: 'Your cart misses you, {{ customer.firstName }}' } } },
};

describe('templates as code over /api/v1/templates', () => {
  let db: Db;
  let key: string;
  let otherKey: string;
  const workspaceIds: string[] = [];

  beforeAll(async () => {
    db = createDb(env().DATABASE_URL);
    for (const name of ['mine', 'theirs']) {
      const workspace = await createTestWorkspace(db);
      workspaceIds.push(workspace.id);
      const plain = (await createApiKey(db, { workspaceId: workspace.id, name })).plainKey;
      if (name === 'mine') key = plain;
      else otherKey = plain;
    }
  });

  afterAll(async () => {
    await db.workspace.deleteMany({ where: { id: { in: workspaceIds } } });
    await closeDb(db);
    await closeSharedDb();
  });

  it('imports, exports and replaces a template, keeping it to its workspace and channel', async () => {
    expect((await read(await templatesRoute.GET(call(null, 'GET')))).body.error).toMatchObject({
      field: 'authorization',
    });
    const created = await read(await templatesRoute.POST(call(key, 'POST', '', sms)));
    expect(created).toMatchObject({ status: 201, body: { created: true, template: { channel: 'sms' } } });
    const templateId = (created.body.template as { id: string }).id;

    const exported = await read(
      await templateRoute.GET(call(key, 'GET', `/${templateId}`), params(templateId)),
    );
    // The export is the stored content: what was imported, with the schema's defaults written out.
    expect(exported.body).toEqual({
      ...sms,
      id: templateId,
      topicKey: null,
      content: { ...sms.content, requires: [] },
    });

    const replaced = await read(
      await templateRoute.PUT(
        call(key, 'PUT', `/${templateId}`, { ...sms, name: 'Cart SMS v2' }),
        params(templateId),
      ),
    );
    expect(replaced).toMatchObject({
      status: 200,
      body: { created: false, template: { name: 'Cart SMS v2' } },
    });
    const otherChannel = await read(
      await templateRoute.PUT(
        call(key, 'PUT', `/${templateId}`, { ...sms, channel: 'push' }),
        params(templateId),
      ),
    );
    expect(otherChannel).toMatchObject({ status: 409, body: { error: { field: 'channel' } } });

    // Another workspace's key finds nothing, and a malformed id is simply not found.
    for (const id of [templateId, 'not-a-uuid']) {
      const hidden = await read(await templateRoute.GET(call(otherKey, 'GET', `/${id}`), params(id)));
      expect(hidden).toMatchObject({ status: 404, body: { error: { field: 'template' } } });
    }
    expect((await read(await templatesRoute.GET(call(otherKey, 'GET')))).body.templates).toEqual([]);
  });

  it('names every field at fault in a refused document', async () => {
    const refused = await read(
      await templatesRoute.POST(
        call(key, 'POST', '', { format: 'nudgeflow.template/v0', name: '', channel: 'fax', content: {} }),
      ),
    );
    expect(refused.status).toBe(400);
    expect((refused.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual([
      'channel',
      'format',
      'name',
    ]);
    const badContent = await read(
      await templatesRoute.POST(call(key, 'POST', '', { ...sms, content: { variants: { en: {} } } })),
    );
    expect(badContent).toMatchObject({ status: 400, body: { error: { field: 'content.variants.en.body' } } });
    const wrongMethod = await read(await templatesRoute.DELETE(call(key, 'DELETE')));
    expect(wrongMethod).toMatchObject({ status: 405, body: { error: { field: 'method' } } });
  });
});

import { addMember, createApiKey, type Role } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as archiveRoute from '../../app/api/v1/segments/[segmentId]/archive/route';
import * as segmentRoute from '../../app/api/v1/segments/[segmentId]/route';
import * as segmentsRoute from '../../app/api/v1/segments/route';
import { createCaller } from '../api/root';
import { createContextInner, FieldErrors } from '../api/trpc';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '../testing/router-fixtures';

/**
 * Segments over HTTP with an API key and over tRPC, against a real database: field errors that name the
 * bad part of a definition, create / edit / archive, memberships computed on save, and no reach into
 * another workspace.
 */
const GERMANS = { condition: { kind: 'trait', path: 'country', op: 'eq', value: 'DE' } };

function request(method: string, path: string, key: string | null, body?: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const params = (segmentId: string) => ({ params: Promise.resolve({ segmentId }) });

describe('segments API', () => {
  const db = getDb();
  let workspaceId: string;
  let otherWorkspaceId: string;
  let key: string;
  let otherKey: string;
  let userId: string;

  beforeAll(async () => {
    workspaceId = (await createTestWorkspace(db)).id;
    otherWorkspaceId = (await createTestWorkspace(db)).id;
    key = (await createApiKey(db, { workspaceId, name: 'segments' })).plainKey;
    otherKey = (await createApiKey(db, { workspaceId: otherWorkspaceId, name: 'other' })).plainKey;
    await db.customer.createMany({
      data: [
        { workspaceId, userId: 'de-1', country: 'DE' },
        { workspaceId, userId: 'de-2', country: 'DE' },
        { workspaceId, userId: 'fr-1', country: 'FR' },
        { workspaceId: otherWorkspaceId, userId: 'de-x', country: 'DE' },
      ],
    });
    userId = uniqueTestId('marketer');
    await db.user.create({
      data: { id: userId, name: 'M', email: `${userId}@nudgeflow.test`, emailVerified: true },
    });
    await addMember(db, workspaceId, userId, 'MARKETER' satisfies Role);
  });

  afterAll(async () => {
    await db.workspace.deleteMany({ where: { id: { in: [workspaceId, otherWorkspaceId] } } });
    await db.user.deleteMany({ where: { id: userId } });
    await closeSharedDb();
  });

  it('refuses a missing or foreign key, and answers bad definitions with the field at fault', async () => {
    expect((await segmentsRoute.GET(request('GET', '/api/v1/segments', null))).status).toBe(401);
    const bad = await segmentsRoute.POST(
      request('POST', '/api/v1/segments', key, {
        name: '',
        definition: {
          condition: {
            kind: 'and',
            conditions: [{ kind: 'performed', event: '', count: { op: 'gte', value: -1 } }],
          },
        },
      }),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as {
      error: { field: string };
      errors: { field: string; message: string }[];
    };
    const fields = body.errors.map((error) => error.field);
    expect(fields).toContain('name');
    expect(fields).toContain('definition.condition.conditions.0.event');
    expect(fields).toContain('definition.condition.conditions.0.count.value');
    expect(body.error).toEqual(body.errors[0]);
    const notJson = await segmentsRoute.POST(
      new Request('http://localhost/api/v1/segments', {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: '{',
      }),
    );
    expect(notJson.status).toBe(400);
  });

  it('creates, lists, edits and archives a segment, recomputing memberships', async () => {
    const created = await segmentsRoute.POST(
      request('POST', '/api/v1/segments', key, { name: 'Germans', definition: GERMANS }),
    );
    expect(created.status).toBe(201);
    const { segment } = (await created.json()) as { segment: { id: string; name: string } };
    expect(await db.segmentMembership.count({ where: { segmentId: segment.id, inSegment: true } })).toBe(2);

    const listed = (await (await segmentsRoute.GET(request('GET', '/api/v1/segments', key))).json()) as {
      segments: { id: string }[];
    };
    expect(listed.segments.map((item) => item.id)).toEqual([segment.id]);

    const edited = await segmentRoute.PATCH(
      request('PATCH', `/api/v1/segments/${segment.id}`, key, {
        name: 'French',
        definition: { condition: { kind: 'trait', path: 'country', op: 'eq', value: 'FR' } },
      }),
      params(segment.id),
    );
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { segment: { name: string } }).segment.name).toBe('French');
    expect(await db.segmentMembership.count({ where: { segmentId: segment.id, inSegment: true } })).toBe(1);

    // Another workspace's key cannot see, edit or archive it.
    expect((await segmentRoute.GET(request('GET', '/', otherKey), params(segment.id))).status).toBe(404);
    expect(
      (await segmentRoute.PATCH(request('PATCH', '/', otherKey, { name: 'x' }), params(segment.id))).status,
    ).toBe(404);
    expect((await archiveRoute.POST(request('POST', '/', otherKey), params(segment.id))).status).toBe(404);
    expect((await segmentRoute.GET(request('GET', '/', key), params('not-a-uuid'))).status).toBe(404);

    const archived = await archiveRoute.POST(request('POST', '/', key), params(segment.id));
    expect(archived.status).toBe(200);
    expect(
      ((await archived.json()) as { segment: { archivedAt: string | null } }).segment.archivedAt,
    ).not.toBeNull();
    const after = (await (await segmentsRoute.GET(request('GET', '/api/v1/segments', key))).json()) as {
      segments: unknown[];
    };
    expect(after.segments).toEqual([]);
  });

  it('previews a draft over tRPC with the live count and a sample, and reports field errors', async () => {
    const caller = createCaller(
      createContextInner({ session: { user: { id: userId, email: `${userId}@nudgeflow.test`, name: 'M' } } }),
    );
    const preview = await caller.segments.preview({ workspaceId, definition: GERMANS });
    expect(preview.count).toBe(2);
    expect(preview.sample.map((member) => member.userId).sort()).toEqual(['de-1', 'de-2']);

    const error = await caller.segments
      .create({
        workspaceId,
        name: 'Bad',
        definition: { condition: { kind: 'trait', path: 'shoeSize', op: 'eq', value: 1 } },
      })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const cause = (error as TRPCError).cause;
    expect(cause).toBeInstanceOf(FieldErrors);
    expect((cause as FieldErrors).errors[0]?.field).toBe('definition.condition.path');

    const saved = await caller.segments.create({ workspaceId, name: 'Germans again', definition: GERMANS });
    const history = await caller.segments.history({ workspaceId, segmentId: saved.id, days: 3 });
    expect(history).toHaveLength(3);
    expect(history.at(-1)?.members).toBe(2);
    expect(history[0]?.members).toBe(0);
  });
});

import { getDb } from '@nudgeflow/db';
import type { z } from 'zod';
import { guardApi } from '../http/guard';
import { readJsonBody } from '../http/read-body';
import { jsonResponse, type ApiError } from '../http/responses';
import { authenticateSecret } from '../http/workspace-auth';
import {
  archiveWorkspaceSegment,
  createWorkspaceSegment,
  getWorkspaceSegment,
  listWorkspaceSegments,
  SegmentFields,
  SegmentPatch,
  updateWorkspaceSegment,
  type SegmentOutcome,
} from './segment-service';

/**
 * /api/v1/segments over a secret API key, as the journeys API: route files only name the handler.
 * Errors are `{ error, errors }`: the first problem, and every one (field paths like
 * `definition.condition.conditions.0.count.value`).
 */

const BODY_LIMIT = 512 * 1024;

function errorsResponse(status: number, errors: readonly ApiError[]): Response {
  return jsonResponse(status, { error: errors[0] ?? { field: 'body', message: 'Request failed' }, errors });
}

function outcomeResponse<T>(outcome: SegmentOutcome<T>, status = 200): Response {
  return outcome.ok
    ? jsonResponse(status, { segment: outcome.value })
    : errorsResponse(outcome.status, outcome.errors);
}

/** Authenticates, reads the optional JSON body, and turns failures into JSON errors. */
function segmentsRoute(
  name: string,
  work: (caller: { workspaceId: string }, body: unknown) => Promise<Response>,
  options: { body?: boolean } = {},
): (request: Request) => Promise<Response> {
  return (request) =>
    guardApi(name, async () => {
      const auth = await authenticateSecret(request);
      if (!auth.ok) return errorsResponse(auth.status, [auth.error]);
      if (!options.body) return work(auth.caller, undefined);
      const read = await readJsonBody(request, BODY_LIMIT);
      if (!read.ok) return errorsResponse(read.status, [read.error]);
      try {
        return await work(auth.caller, read.text.trim() === '' ? {} : JSON.parse(read.text));
      } catch (error) {
        if (error instanceof SyntaxError)
          return errorsResponse(400, [{ field: 'body', message: 'is not valid JSON' }]);
        throw error;
      }
    });
}

function parseFields<T>(schema: z.ZodType<T>, body: unknown) {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true as const, value: parsed.data };
  return {
    ok: false as const,
    response: errorsResponse(
      400,
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
    ),
  };
}

export const listSegmentsRoute = segmentsRoute('GET /api/v1/segments', async ({ workspaceId }) =>
  jsonResponse(200, { segments: await listWorkspaceSegments(getDb(), workspaceId) }),
);

export const createSegmentRoute = segmentsRoute(
  'POST /api/v1/segments',
  async ({ workspaceId }, body) => {
    const fields = parseFields(SegmentFields, body);
    if (!fields.ok) return fields.response;
    return outcomeResponse(await createWorkspaceSegment(getDb(), workspaceId, fields.value), 201);
  },
  { body: true },
);

type SegmentParams = { params: Promise<{ segmentId: string }> };

export function getSegmentRoute(request: Request, { params }: SegmentParams): Promise<Response> {
  return segmentsRoute('GET /api/v1/segments/:id', async ({ workspaceId }) =>
    outcomeResponse(await getWorkspaceSegment(getDb(), workspaceId, (await params).segmentId)),
  )(request);
}

export function updateSegmentRoute(request: Request, { params }: SegmentParams): Promise<Response> {
  return segmentsRoute(
    'PATCH /api/v1/segments/:id',
    async ({ workspaceId }, body) => {
      const fields = parseFields(SegmentPatch, body);
      if (!fields.ok) return fields.response;
      const { segmentId } = await params;
      return outcomeResponse(await updateWorkspaceSegment(getDb(), workspaceId, segmentId, fields.value));
    },
    { body: true },
  )(request);
}

export function archiveSegmentRoute(request: Request, { params }: SegmentParams): Promise<Response> {
  return segmentsRoute('POST /api/v1/segments/:id/archive', async ({ workspaceId }) =>
    outcomeResponse(await archiveWorkspaceSegment(getDb(), workspaceId, (await params).segmentId)),
  )(request);
}

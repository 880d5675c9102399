import { getDb } from '@nudgeflow/db';
import { authenticate } from '../http/authenticate';
import { outcomeResponse } from '../http/outcome';
import { readJson } from '../http/read-body';
import { jsonResponse } from '../http/responses';
import {
  archiveWorkspaceSegment,
  createWorkspaceSegment,
  getWorkspaceSegment,
  listWorkspaceSegments,
  SegmentFields,
  SegmentPatch,
  type SegmentOutcome,
  updateWorkspaceSegment,
} from './segment-service';

/**
 * The handlers behind /api/v1/segments (segments as code), over a secret API key like the journeys API.
 * Refusals are the one error shape with field paths such as `definition.condition.conditions.0.count.value`;
 * another workspace's segment is not found (404).
 */
const BODY_LIMIT = 512 * 1024;

type SegmentParams = { segmentId: string };

const caller = (request: Request) => authenticate(request, { accept: ['api-key'] });

function segmentResponse<T>(outcome: SegmentOutcome<T>, status = 200): Response {
  return outcomeResponse(
    outcome.ok ? { ok: true, value: { segment: outcome.value } } : outcome,
    'segment',
    status,
  );
}

/** GET /api/v1/segments: the workspace's segments. */
export async function listSegmentsHandler(request: Request): Promise<Response> {
  const { workspaceId } = await caller(request);
  return jsonResponse(200, { segments: await listWorkspaceSegments(getDb(), workspaceId) });
}

/** POST /api/v1/segments: create one from `{ name, description?, definition }`. */
export async function createSegmentHandler(request: Request): Promise<Response> {
  const { workspaceId } = await caller(request);
  const fields = await readJson(request, { limit: BODY_LIMIT, schema: SegmentFields });
  return segmentResponse(await createWorkspaceSegment(getDb(), workspaceId, fields), 201);
}

/** GET /api/v1/segments/:segmentId */
export async function getSegmentHandler(request: Request, { segmentId }: SegmentParams): Promise<Response> {
  const { workspaceId } = await caller(request);
  return segmentResponse(await getWorkspaceSegment(getDb(), workspaceId, segmentId));
}

/** PATCH /api/v1/segments/:segmentId: name, description or definition (memberships are recomputed). */
export async function updateSegmentHandler(
  request: Request,
  { segmentId }: SegmentParams,
): Promise<Response> {
  const { workspaceId } = await caller(request);
  const patch = await readJson(request, { limit: BODY_LIMIT, schema: SegmentPatch });
  return segmentResponse(await updateWorkspaceSegment(getDb(), workspaceId, segmentId, patch));
}

/** POST /api/v1/segments/:segmentId/archive: refused while another segment references it. */
export async function archiveSegmentHandler(
  request: Request,
  { segmentId }: SegmentParams,
): Promise<Response> {
  const { workspaceId } = await caller(request);
  return segmentResponse(await archiveWorkspaceSegment(getDb(), workspaceId, segmentId));
}

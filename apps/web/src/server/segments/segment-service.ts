import {
  archiveSegment,
  countSegmentDefinition,
  createSegment,
  findSegment,
  listSegments,
  updateSegment,
  validateSegmentDefinition,
  type Db,
  type FieldError,
  type SegmentRecord,
  type SegmentResult,
} from '@nudgeflow/db';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The segment operations the app (tRPC) and the HTTP API share, so both validate alike and answer with the
 * same field errors: `definition.condition.conditions.0.event` names the bad input of the builder.
 */

export const SegmentFields = z.object({
  name: z.string().max(200, 'Name is at most 200 characters'),
  description: z.string().max(2000, 'Description is at most 2000 characters').nullish(),
  definition: z.unknown(),
});
export const SegmentPatch = SegmentFields.partial();

export interface SegmentView {
  id: string;
  name: string;
  description: string | null;
  definition: SegmentRecord['definition'];
  timeBased: boolean;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export function segmentView(segment: SegmentRecord): SegmentView {
  return {
    id: segment.id,
    name: segment.name,
    description: segment.description,
    definition: segment.definition,
    timeBased: segment.timeBased,
    createdAt: segment.createdAt.toISOString(),
    updatedAt: segment.updatedAt.toISOString(),
    archivedAt: segment.archivedAt?.toISOString() ?? null,
  };
}

export type SegmentOutcome<T> =
  { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; errors: FieldError[] };

function failed(errors: FieldError[]): SegmentOutcome<never> {
  const notFound = errors.some((error) => error.field === 'id' && /not found/i.test(error.message));
  const conflict = errors.some((error) => error.field === 'id' && !notFound);
  return { ok: false, status: notFound ? 404 : conflict ? 409 : 400, errors };
}

function viewOf(result: SegmentResult<{ segment: SegmentRecord }>): SegmentOutcome<SegmentView> {
  return result.ok ? { ok: true, value: segmentView(result.value.segment) } : failed(result.errors);
}

export async function listWorkspaceSegments(db: Db, workspaceId: string): Promise<SegmentView[]> {
  return (await listSegments(db, workspaceId)).map(segmentView);
}

export async function getWorkspaceSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
): Promise<SegmentOutcome<SegmentView>> {
  const segment = z.uuid().safeParse(segmentId).success
    ? await findSegment(db, workspaceId, segmentId)
    : null;
  return segment
    ? { ok: true, value: segmentView(segment) }
    : failed([{ field: 'id', message: 'Segment not found' }]);
}

export async function createWorkspaceSegment(
  db: Db,
  workspaceId: string,
  input: z.infer<typeof SegmentFields>,
): Promise<SegmentOutcome<SegmentView>> {
  return viewOf(await createSegment(db, workspaceId, input));
}

export async function updateWorkspaceSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
  input: z.infer<typeof SegmentPatch>,
): Promise<SegmentOutcome<SegmentView>> {
  if (!z.uuid().safeParse(segmentId).success) return failed([{ field: 'id', message: 'Segment not found' }]);
  return viewOf(await updateSegment(db, workspaceId, segmentId, input));
}

export async function archiveWorkspaceSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
): Promise<SegmentOutcome<SegmentView>> {
  if (!z.uuid().safeParse(segmentId).success) return failed([{ field: 'id', message: 'Segment not found' }]);
  const result = await archiveSegment(db, workspaceId, segmentId);
  return result.ok ? { ok: true, value: segmentView(result.value) } : failed(result.errors);
}

/**
 * The live count of a draft definition. `segmentId` is the segment being edited (so a reference back to
 * itself is reported as a cycle), or none for a new one.
 */
export async function previewSegmentCount(
  db: Db,
  workspaceId: string,
  definition: unknown,
  segmentId?: string,
): Promise<SegmentOutcome<{ count: number; definition: SegmentRecord['definition'] }>> {
  const validated = await validateSegmentDefinition(db, workspaceId, segmentId ?? randomUUID(), definition);
  if (!validated.ok) return failed(validated.errors);
  return {
    ok: true,
    value: {
      count: await countSegmentDefinition(db, workspaceId, validated.value),
      definition: validated.value,
    },
  };
}

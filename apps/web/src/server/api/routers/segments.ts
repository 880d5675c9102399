import { sampleSegmentDefinition, segmentMembershipHistory } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  archiveWorkspaceSegment,
  createWorkspaceSegment,
  getWorkspaceSegment,
  listWorkspaceSegments,
  previewSegmentCount,
  SegmentFields,
  SegmentPatch,
  updateWorkspaceSegment,
  type SegmentOutcome,
} from '../../segments/segment-service';
import { createTRPCRouter, FieldErrors, permittedProcedure } from '../trpc';

/** The outcome's value, or the tRPC error its status means (field errors ride along for the form). */
function unwrap<T>(outcome: SegmentOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  const code = outcome.status === 404 ? 'NOT_FOUND' : outcome.status === 409 ? 'CONFLICT' : 'BAD_REQUEST';
  throw new TRPCError({
    code,
    message: outcome.errors[0]?.message ?? 'invalid segment',
    cause: new FieldErrors(outcome.errors),
  });
}

const SegmentId = z.object({ segmentId: z.uuid() });

export const segmentsRouter = createTRPCRouter({
  list: permittedProcedure('segments.read').query(({ ctx }) =>
    listWorkspaceSegments(ctx.db, ctx.workspaceId),
  ),
  get: permittedProcedure('segments.read')
    .input(SegmentId)
    .query(async ({ ctx, input }) =>
      unwrap(await getWorkspaceSegment(ctx.db, ctx.workspaceId, input.segmentId)),
    ),
  /** The live count and a sample of members of a draft definition, for the builder while it is edited. */
  preview: permittedProcedure('segments.read')
    .input(
      z.object({
        definition: z.unknown(),
        segmentId: z.uuid().optional(),
        sample: z.number().int().min(0).max(50).default(10),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { count, definition } = unwrap(
        await previewSegmentCount(ctx.db, ctx.workspaceId, input.definition, input.segmentId),
      );
      const sample =
        input.sample > 0
          ? await sampleSegmentDefinition(ctx.db, ctx.workspaceId, definition, input.sample)
          : [];
      return { count, sample };
    }),
  history: permittedProcedure('segments.read')
    .input(SegmentId.extend({ days: z.number().int().min(1).max(365).default(30) }))
    .query(async ({ ctx, input }) => {
      unwrap(await getWorkspaceSegment(ctx.db, ctx.workspaceId, input.segmentId));
      return segmentMembershipHistory(ctx.db, ctx.workspaceId, input.segmentId, input.days);
    }),
  create: permittedProcedure('segments.write')
    .input(SegmentFields)
    .mutation(async ({ ctx, input }) => unwrap(await createWorkspaceSegment(ctx.db, ctx.workspaceId, input))),
  update: permittedProcedure('segments.write')
    .input(SegmentId.extend(SegmentPatch.shape))
    .mutation(async ({ ctx, input }) => {
      const { segmentId, workspaceId: _workspaceId, ...patch } = input;
      return unwrap(await updateWorkspaceSegment(ctx.db, ctx.workspaceId, segmentId, patch));
    }),
  archive: permittedProcedure('segments.write')
    .input(SegmentId)
    .mutation(async ({ ctx, input }) =>
      unwrap(await archiveWorkspaceSegment(ctx.db, ctx.workspaceId, input.segmentId)),
    ),
});

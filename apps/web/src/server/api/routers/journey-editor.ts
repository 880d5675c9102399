import {
  findJourney,
  findJourneyVersion,
  journeyNodeCounts,
  listCustomersWaitingAt,
  listJourneyPickerOptions,
  listJourneyVersions,
  listSeenEventNames,
} from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { migrateWaitingRuns, publishDraft } from '../../journeys/service';
import {
  DocumentPatch,
  draftDocument,
  openDraft,
  previewPublish,
  restoreVersionAsDraft,
  saveDraftChange,
} from '../../journeys/draft-editing';
import { getTemporalClient } from '../../temporal';
import { createTRPCRouter, permittedProcedure } from '../trpc';

/** Support staff may look at a journey and its counts; drawing and publishing is for those who build them. */
const editorProcedure = permittedProcedure('journeys.write');
const readerProcedure = permittedProcedure('journeys.read');

const JourneyRef = z.object({ journeyId: z.uuid() });

function notFound(): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: 'journey not found' });
}

/** The journey canvas: the draft and its history, publishing with a diff, versions, and live counts. */
export const journeyEditorRouter = createTRPCRouter({
  open: readerProcedure.input(JourneyRef).query(async ({ ctx, input }) => {
    return (await openDraft(ctx.db, ctx.workspaceId, input.journeyId)) ?? notFound();
  }),

  /** One change (an edit, an undo or a redo) as patches on the document, based on a revision. */
  saveChange: editorProcedure
    .input(
      JourneyRef.extend({
        baseRevision: z.number().int().min(0),
        kind: z.enum(['edit', 'undo', 'redo']),
        targetRevision: z.number().int().positive().nullish(),
        label: z.string().trim().min(1).max(200),
        patches: z.array(DocumentPatch).min(1).max(5000),
        inversePatches: z.array(DocumentPatch).max(5000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { journeyId, ...change } = input;
      const result = await saveDraftChange(ctx.db, ctx.workspaceId, journeyId, {
        ...change,
        author: ctx.session.user.email,
      });
      if (!result.ok && result.reason === 'not_found') notFound();
      return result;
    }),

  publishPreview: readerProcedure.input(JourneyRef).query(async ({ ctx, input }) => {
    return (await previewPublish(ctx.db, ctx.workspaceId, input.journeyId)) ?? notFound();
  }),

  publish: editorProcedure.input(JourneyRef).mutation(async ({ ctx, input }) => {
    const result = await publishDraft(ctx.db, ctx.workspaceId, input.journeyId, {
      actor: `user:${ctx.session.user.email}`,
    });
    if (!result.ok) {
      if (result.status === 404) notFound();
      return { ok: false as const, errors: result.errors };
    }
    return { ok: true as const, version: result.value.version, migration: result.value.migration };
  }),

  /** Moves customers waiting in an older version onto the live one (the engine's node-mapped migration). */
  migrate: editorProcedure
    .input(JourneyRef.extend({ fromVersion: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const client = await getTemporalClient().catch(() => {
        throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Temporal is not reachable right now' });
      });
      const result = await migrateWaitingRuns(ctx.db, client, ctx.workspaceId, input.journeyId, {
        fromVersion: input.fromVersion,
      });
      if (!result.ok) {
        if (result.status === 404) notFound();
        return { ok: false as const, errors: result.errors };
      }
      return { ok: true as const, ...result.value };
    }),

  versions: readerProcedure.input(JourneyRef).query(async ({ ctx, input }) => {
    const versions = await listJourneyVersions(ctx.db, ctx.workspaceId, input.journeyId);
    return versions.map((version) => ({
      version: version.version,
      publishedAt: version.publishedAt.toISOString(),
      publishedBy: version.publishedBy,
    }));
  }),

  /** A published version's drawing, for opening it read-only. */
  version: readerProcedure
    .input(JourneyRef.extend({ version: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const journey = (await findJourney(ctx.db, ctx.workspaceId, input.journeyId)) ?? notFound();
      const version = await findJourneyVersion(ctx.db, ctx.workspaceId, input.journeyId, input.version);
      if (!version) throw new TRPCError({ code: 'NOT_FOUND', message: `no version ${input.version}` });
      return { version: version.version, document: draftDocument(version.graph, journey) };
    }),

  restoreVersion: editorProcedure
    .input(JourneyRef.extend({ version: z.number().int().positive(), baseRevision: z.number().int().min(0) }))
    .mutation(async ({ ctx, input }) => {
      return restoreVersionAsDraft(ctx.db, ctx.workspaceId, input.journeyId, {
        version: input.version,
        baseRevision: input.baseRevision,
        author: ctx.session.user.email,
      });
    }),

  counts: readerProcedure.input(JourneyRef).query(async ({ ctx, input }) => {
    return journeyNodeCounts(ctx.db, ctx.workspaceId, input.journeyId);
  }),

  waitingAt: readerProcedure
    .input(JourneyRef.extend({ nodeId: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => {
      const runs = await listCustomersWaitingAt(ctx.db, ctx.workspaceId, input.journeyId, input.nodeId);
      return runs.map((run) => ({
        runId: run.id,
        since: run.startedAt.toISOString(),
        customerId: run.customer.id,
        userId: run.customer.userId,
        email: run.customer.email,
      }));
    }),

  /** What the forms' pickers offer: events seen, segments, templates. */
  pickerOptions: readerProcedure.query(async ({ ctx }) => {
    const [events, options] = await Promise.all([
      listSeenEventNames(ctx.db, ctx.workspaceId),
      listJourneyPickerOptions(ctx.db, ctx.workspaceId),
    ]);
    return { events, ...options };
  }),
});

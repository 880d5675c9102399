import { listJourneyOverview, recordJourneyEditor, type JourneyListItem } from '@nudgeflow/db';
import type { JourneyError } from '@nudgeflow/journey';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { changeJourneyStatus, type JourneyOutcome } from '~/server/journeys/service';
import { createBlankJourney, duplicateJourney } from '../../journeys/copies';
import { createJourneyFromGallery, galleryCards } from '../../journeys/gallery';
import { createTRPCRouter, permittedProcedure } from '../trpc';

/** Support staff see journeys and their counts; creating and changing them is for the people who build them. */
const authorProcedure = permittedProcedure('journeys.write');
const readerProcedure = permittedProcedure('journeys.read');

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const JourneyName = z.string().trim().min(1, 'Name the journey').max(200, 'At most 200 characters');

const CODE_BY_STATUS = { 400: 'BAD_REQUEST', 404: 'NOT_FOUND', 409: 'CONFLICT' } as const;

/** The journey services answer with values; a tRPC caller gets the first message with the matching code. */
function unwrap<T>(outcome: JourneyOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  const [first] = outcome.errors as JourneyError[];
  throw new TRPCError({
    code: CODE_BY_STATUS[outcome.status],
    message: first ? `${first.field ? `${first.field}: ` : ''}${first.message}` : 'journey refused',
  });
}

function listRow(journey: JourneyListItem) {
  return {
    id: journey.id,
    name: journey.name,
    description: journey.description,
    status: journey.status,
    liveVersion: journey.activeVersion?.version ?? null,
    activeNow: journey.activeNow,
    enteredThisWeek: journey.enteredRecently,
    lastEditedBy: journey.lastEditedBy
      ? { name: journey.lastEditedBy.name, email: journey.lastEditedBy.email }
      : null,
    updatedAt: journey.updatedAt,
  };
}

const transition = (action: 'pause' | 'resume' | 'archive') =>
  authorProcedure.input(z.object({ journeyId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const journey = unwrap(await changeJourneyStatus(ctx.db, ctx.workspaceId, input.journeyId, action));
    await recordJourneyEditor(ctx.db, ctx.workspaceId, journey.id, ctx.session.user.id);
    return journey;
  });

export const journeysRouter = createTRPCRouter({
  list: readerProcedure
    .input(
      z.object({
        search: z.string().max(200).optional(),
        /** Archived journeys are listed only when asked for. */
        archived: z.boolean().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const journeys = await listJourneyOverview(ctx.db, ctx.workspaceId, {
        ...(input.search ? { search: input.search } : {}),
        ...(input.archived ? { statuses: ['ARCHIVED'] as const } : {}),
        enteredSince: new Date(Date.now() - WEEK_MS),
      });
      return journeys.map(listRow);
    }),

  gallery: readerProcedure.query(() => galleryCards()),

  createBlank: authorProcedure
    .input(z.object({ name: JourneyName, description: z.string().max(2000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const journey = await createBlankJourney(ctx.db, ctx.workspaceId, input);
      await recordJourneyEditor(ctx.db, ctx.workspaceId, journey.id, ctx.session.user.id);
      return journey;
    }),

  createFromGallery: authorProcedure
    .input(z.object({ galleryId: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const created = unwrap(
        await createJourneyFromGallery(ctx.db, ctx.workspaceId, input.galleryId, {
          actor: `user:${ctx.session.user.id}`,
        }),
      );
      await recordJourneyEditor(ctx.db, ctx.workspaceId, created.journey.id, ctx.session.user.id);
      return created;
    }),

  duplicate: authorProcedure.input(z.object({ journeyId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const copy = unwrap(await duplicateJourney(ctx.db, ctx.workspaceId, input.journeyId));
    await recordJourneyEditor(ctx.db, ctx.workspaceId, copy.id, ctx.session.user.id);
    return copy;
  }),

  pause: transition('pause'),
  resume: transition('resume'),
  archive: transition('archive'),
});

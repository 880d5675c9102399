import type { Db } from '../client';
import type { JourneyStatus } from '../generated/prisma/client';
import { journeySummarySelect, type JourneySummary } from './journeys';

/**
 * What the journeys list shows beside each journey: who last changed it and how many customers are in it.
 * Counts come from two grouped queries over the runs of the listed journeys (the (journeyId, status) and
 * (journeyId, customerId, startedAt) indexes), never one query per row.
 */
export interface JourneyListItem extends JourneySummary {
  lastEditedBy: { id: string; name: string; email: string } | null;
  /** Runs of any version still in the journey now. */
  activeNow: number;
  /** Entries (runs started) since `enteredSince`. */
  enteredRecently: number;
}

export async function listJourneyOverview(
  db: Db,
  workspaceId: string,
  options: { search?: string; statuses?: readonly JourneyStatus[]; enteredSince: Date },
): Promise<JourneyListItem[]> {
  const search = options.search?.trim();
  const journeys = await db.journey.findMany({
    where: {
      workspaceId,
      status: options.statuses ? { in: [...options.statuses] } : { not: 'ARCHIVED' },
      ...(search
        ? {
            OR: [
              { name: { contains: search, mode: 'insensitive' } },
              { description: { contains: search, mode: 'insensitive' } },
            ],
          }
        : {}),
    },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    select: { ...journeySummarySelect, lastEditedBy: { select: { id: true, name: true, email: true } } },
    take: 500,
  });
  const ids = journeys.map((journey) => journey.id);
  if (ids.length === 0) return [];
  const [active, entered] = await Promise.all([
    db.journeyRun.groupBy({
      by: ['journeyId'],
      where: { workspaceId, journeyId: { in: ids }, status: 'RUNNING' },
      _count: { _all: true },
    }),
    db.journeyRun.groupBy({
      by: ['journeyId'],
      where: { workspaceId, journeyId: { in: ids }, startedAt: { gte: options.enteredSince } },
      _count: { _all: true },
    }),
  ]);
  const activeBy = new Map(active.map((group) => [group.journeyId, group._count._all]));
  const enteredBy = new Map(entered.map((group) => [group.journeyId, group._count._all]));
  return journeys.map((journey) => ({
    ...journey,
    activeNow: activeBy.get(journey.id) ?? 0,
    enteredRecently: enteredBy.get(journey.id) ?? 0,
  }));
}

/** Records who changed a journey from the app, after the change itself went through the journey rules. */
export async function recordJourneyEditor(
  db: Db,
  workspaceId: string,
  journeyId: string,
  userId: string,
): Promise<void> {
  await db.journey.updateMany({ where: { id: journeyId, workspaceId }, data: { lastEditedById: userId } });
}

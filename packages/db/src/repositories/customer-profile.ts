import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';

/**
 * The sections of a customer's profile page that are not the profile row itself: identities, the event
 * timeline, messages with their receipts and journey runs. Every function takes the workspace and checks
 * the customer belongs to it, so a customer id from another workspace reads as nothing.
 */

export function listCustomerIdentities(db: Db, workspaceId: string, customerId: string) {
  return db.customerIdentity.findMany({
    where: { customerId, workspaceId },
    orderBy: { createdAt: 'asc' },
    select: { kind: true, value: true, createdAt: true },
  });
}

export interface TimelineQuery {
  /** Only events of this name (track name, page name or internal event name). */
  name?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

const TIMELINE_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(\d{1,19})$/;

export function isTimelineCursor(cursor: string): boolean {
  return TIMELINE_CURSOR.test(cursor);
}

const timelineEventSelect = {
  id: true,
  messageId: true,
  type: true,
  name: true,
  properties: true,
  timestamp: true,
} satisfies Prisma.EventSelect;

/**
 * One page of the customer's events, newest first (timestamp, then id). With a name the page is read from
 * `Event (customerId, name, timestamp)`; without one, from the customer's own events only.
 */
export async function listCustomerTimeline(
  db: Db,
  workspaceId: string,
  customerId: string,
  query: TimelineQuery = {},
) {
  const limit = Math.max(1, Math.min(query.limit ?? 25, 100));
  const cursor = query.cursor ? TIMELINE_CURSOR.exec(query.cursor) : null;
  const after: Prisma.EventWhereInput = cursor
    ? {
        OR: [
          { timestamp: { lt: new Date(cursor[1]!) } },
          { timestamp: new Date(cursor[1]!), id: { lt: BigInt(cursor[2]!) } },
        ],
      }
    : {};
  const rows = await db.event.findMany({
    where: { customerId, workspaceId, ...(query.name ? { name: query.name } : {}), ...after },
    orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: timelineEventSelect,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...row, id: row.id.toString() })),
    nextCursor: rows.length > limit && last ? `${last.timestamp.toISOString()}_${last.id.toString()}` : null,
  };
}

/** The event names the customer has, for the timeline's filter. */
export async function listCustomerEventNames(
  db: Db,
  workspaceId: string,
  customerId: string,
): Promise<string[]> {
  const rows = await db.event.findMany({
    where: { customerId, workspaceId, name: { not: null } },
    distinct: ['name'],
    orderBy: { name: 'asc' },
    select: { name: true },
    take: 200,
  });
  return rows.map((row) => row.name).filter((name): name is string => Boolean(name));
}

/** The messages sent (or skipped) to the customer, newest first, with every receipt. */
export async function listCustomerMessages(db: Db, workspaceId: string, customerId: string, limit = 50) {
  const sends = await db.messageSend.findMany({
    where: { customerId, workspaceId },
    orderBy: { createdAt: 'desc' },
    take: Math.max(1, Math.min(limit, 200)),
    select: {
      id: true,
      channel: true,
      status: true,
      reason: true,
      journeyId: true,
      nodeId: true,
      templateId: true,
      createdAt: true,
      sentAt: true,
      deliveredAt: true,
      openedAt: true,
      clickedAt: true,
      convertedAt: true,
      receipts: { orderBy: { at: 'asc' }, select: { type: true, at: true, detail: true } },
    },
  });
  const templateIds = [...new Set(sends.flatMap((send) => (send.templateId ? [send.templateId] : [])))];
  const templates = templateIds.length
    ? await db.template.findMany({
        where: { id: { in: templateIds }, workspaceId },
        select: { id: true, name: true },
      })
    : [];
  const templateNames = new Map(templates.map((template) => [template.id, template.name]));
  return sends.map((send) => ({
    ...send,
    templateName: send.templateId ? (templateNames.get(send.templateId) ?? null) : null,
  }));
}

/** The customer's journey runs, newest first, with the journey's name. */
export function listCustomerJourneyRuns(db: Db, workspaceId: string, customerId: string, limit = 50) {
  return db.journeyRun.findMany({
    where: { customerId, workspaceId },
    orderBy: { startedAt: 'desc' },
    take: Math.max(1, Math.min(limit, 200)),
    select: {
      id: true,
      journeyId: true,
      status: true,
      currentNodeId: true,
      startedAt: true,
      endedAt: true,
      exitReason: true,
      convertedAt: true,
      journey: { select: { name: true } },
      version: { select: { version: true } },
    },
  });
}

/** The consent history, newest first (ConsentChange: channel opt-ins, topics and "all"). */
export function listCustomerConsentHistory(db: Db, workspaceId: string, customerId: string) {
  return db.consentChange.findMany({
    where: { customerId, customer: { workspaceId } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: 200,
    select: { subject: true, granted: true, source: true, at: true },
  });
}

/** What the first-run checklist ticks from: whether each first step has happened in the workspace. */
export async function firstRunFacts(db: Db, workspaceId: string) {
  const [event, segment, journey] = await Promise.all([
    // Customer-sent events only: internal ones (segment entries, receipts) follow from the others.
    db.event.findFirst({ where: { workspaceId, type: { not: 'INTERNAL' } }, select: { id: true } }),
    db.segment.findFirst({ where: { workspaceId }, select: { id: true } }),
    // Published at least once: a version exists even if the journey is paused or archived since.
    db.journeyVersion.findFirst({ where: { journey: { workspaceId } }, select: { id: true } }),
  ]);
  return {
    eventReceived: event !== null,
    segmentCreated: segment !== null,
    journeyPublished: journey !== null,
  };
}

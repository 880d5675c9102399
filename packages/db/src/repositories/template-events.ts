import type { Db } from '../client';

/**
 * The events a message template can read besides the one that started the run (docs/channels.md,
 * "Events in templates"): the customer's latest, the one that ended the run's latest wait, and the last
 * few of each name. Read at send time, so a browse-abandonment message names the last product viewed.
 */
export interface TemplateEventRow {
  name: string;
  properties: unknown;
  timestamp: Date;
}

/** The newest `perName` track events of each name within `days`, newest first. */
export async function recentEventsByName(
  db: Db,
  input: { workspaceId: string; customerId: string; perName: number; days: number; now?: Date },
): Promise<TemplateEventRow[]> {
  const since = new Date((input.now ?? new Date()).getTime() - input.days * 86_400_000);
  return db.$queryRaw<TemplateEventRow[]>`
    SELECT name, properties, timestamp FROM (
      SELECT name, properties, timestamp,
             row_number() OVER (PARTITION BY name ORDER BY timestamp DESC, id DESC) AS rank
      FROM "Event"
      WHERE "customerId" = ${input.customerId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid
        AND type = 'TRACK' AND name IS NOT NULL AND timestamp >= ${since}
    ) ranked
    WHERE rank <= ${input.perName}
    ORDER BY timestamp DESC`;
}

/** The event that ended the run's latest event wait (its `waited` step names it by messageId), if any. */
export async function waitEndingEvent(
  db: Db,
  input: { workspaceId: string; runId: string },
): Promise<TemplateEventRow | null> {
  const step = await db.journeyStep.findFirst({
    where: { runId: input.runId, kind: 'waited', detail: { path: ['endedBy'], equals: 'event' } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    select: { detail: true },
  });
  const messageId = (step?.detail as { event?: { messageId?: unknown } } | undefined)?.event?.messageId;
  if (typeof messageId !== 'string') return null;
  const event = await db.event.findUnique({
    where: { workspaceId_messageId: { workspaceId: input.workspaceId, messageId } },
    select: { name: true, properties: true, timestamp: true },
  });
  return event?.name ? { name: event.name, properties: event.properties, timestamp: event.timestamp } : null;
}

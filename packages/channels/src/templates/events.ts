import { latestCustomerEvent, recentEventsByName, waitEndingEvent, type Db } from '@nudgeflow/db';
import { RECENT_EVENTS, templateEvent, type TemplateEvents } from './variables';

/**
 * Loads the events templates may read (`latest_event`, `wait_event`, `recent_events`), each only when one
 * of the templates about to render mentions it: most messages read none, and a send should not pay three
 * queries for nothing. Without a run (the editor's preview) the latest event stands in for `wait_event`.
 */
export async function loadTemplateEvents(
  db: Db,
  input: { workspaceId: string; customerId: string; runId: string | null; templates: unknown[] },
): Promise<TemplateEvents> {
  const source = JSON.stringify(input.templates);
  const mentions = (name: string) => source.includes(name);
  const needLatest = mentions('latest_event') || (input.runId === null && mentions('wait_event'));
  const [latest, waitEnded, recent] = await Promise.all([
    needLatest ? latestCustomerEvent(db, input) : null,
    input.runId !== null && mentions('wait_event')
      ? waitEndingEvent(db, { workspaceId: input.workspaceId, runId: input.runId })
      : null,
    mentions('recent_events') ? recentEventsByName(db, { ...input, ...RECENT_EVENTS }) : [],
  ]);
  const latestEvent = latest?.name ? templateEvent(latest) : null;
  return {
    latest: latestEvent,
    waitEnded: waitEnded ? templateEvent(waitEnded) : input.runId === null ? latestEvent : null,
    recent: recent.map(templateEvent),
  };
}

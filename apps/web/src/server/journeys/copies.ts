import { createJourney, findJourney, type Db } from '@nudgeflow/db';
import { JourneyGraph } from '@nudgeflow/journey';
import { summarize, type JourneyOutcome, type JourneySummaryBody } from './service';

/** A new, empty draft: no nodes yet, default settings. The canvas takes it from there. */
export async function createBlankJourney(
  db: Db,
  workspaceId: string,
  input: { name: string; description?: string | null },
): Promise<JourneySummaryBody> {
  const draft = JourneyGraph.parse({ nodes: [], edges: [] });
  const journey = await createJourney(db, {
    workspaceId,
    name: input.name,
    description: input.description ?? null,
    draft,
  });
  return summarize(journey);
}

/**
 * A copy of a journey's current draft as a new draft journey ("Copy of …"). Versions, runs and status
 * stay with the original: the copy starts unpublished, so nobody enters it by surprise.
 */
export async function duplicateJourney(
  db: Db,
  workspaceId: string,
  journeyId: string,
): Promise<JourneyOutcome<JourneySummaryBody>> {
  const original = await findJourney(db, workspaceId, journeyId);
  if (!original)
    return { ok: false, status: 404, errors: [{ message: 'No such journey in this workspace' }] };
  const copy = await createJourney(db, {
    workspaceId,
    name: `Copy of ${original.name}`.slice(0, 200),
    description: original.description,
    draft: original.draft as object,
  });
  return { ok: true, value: summarize(copy) };
}

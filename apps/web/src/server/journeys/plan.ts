import { countWaitingRunsByNode, findJourney, findJourneyVersion, type Db } from '@nudgeflow/db';
import {
  builtinRegistry,
  compileJourney,
  compileJourneyDocument,
  JourneyDefinition,
  planMigration,
  type JourneyIdentity,
  type MigrationPlan,
  type NodeKindRegistry,
} from '@nudgeflow/journey';
import { knownReferences, summarize, type JourneyOutcome, type JourneySummaryBody } from './service';

export interface PublishPlanBody {
  journey: JourneySummaryBody;
  /** The version customers enter now; null before the first publish. */
  liveVersion: number | null;
  /** The version publishing would create. */
  nextVersion: number;
  /** Runs waiting in the live version, per node they wait on. */
  waitingRuns: Record<string, number>;
  /** Where those runs could move in what would be published; null when nobody waits. */
  plan: MigrationPlan | null;
}

/**
 * A dry run of publishing: compiles the stored draft (or `document`, a journey document not yet imported)
 * with the same checks publishing uses, and shows the runs waiting per node of the live version and the
 * migration plan onto what would be published. Nothing is stored and no run is touched.
 */
export async function planPublish(
  db: Db,
  workspaceId: string,
  journeyId: string,
  options: { document?: unknown; nodeMap?: Record<string, string>; registry?: NodeKindRegistry } = {},
): Promise<JourneyOutcome<PublishPlanBody>> {
  const registry = options.registry ?? builtinRegistry;
  const journey = await findJourney(db, workspaceId, journeyId);
  if (!journey) return { ok: false, status: 404, errors: [{ message: 'No such journey in this workspace' }] };
  const live = journey.activeVersion;
  const nextVersion = (live?.version ?? 0) + 1;
  const identity: JourneyIdentity = {
    journeyId,
    versionId: 'planned',
    version: nextVersion,
    name: journey.name,
  };
  const known = await knownReferences(db, workspaceId);
  const compiled =
    options.document === undefined
      ? compileJourney(journey.draft, { registry, known, identity })
      : compileJourneyDocument(options.document, { registry, known, identity });
  if (!compiled.ok) return { ok: false, status: 400, errors: compiled.errors };
  const body: PublishPlanBody = {
    journey: summarize(journey),
    liveVersion: live?.version ?? null,
    nextVersion,
    waitingRuns: {},
    plan: null,
  };
  if (!live) return { ok: true, value: body };
  body.waitingRuns = await countWaitingRunsByNode(db, workspaceId, journeyId, live.id);
  const liveRecord = await findJourneyVersion(db, workspaceId, journeyId, live.version);
  if (liveRecord && Object.keys(body.waitingRuns).length > 0) {
    body.plan = planMigration({
      from: JourneyDefinition.parse(liveRecord.definition),
      to: compiled.definition,
      waitingNodeIds: Object.keys(body.waitingRuns),
      ...(options.nodeMap ? { nodeMap: options.nodeMap } : {}),
    });
  }
  return { ok: true, value: body };
}

import {
  countWaitingRunsByNode,
  createJourney,
  emitEvent,
  findCustomerIdByUserId,
  findJourney,
  findJourneyVersion,
  listJourneys,
  listRunningRuns,
  loadJourneyReferences,
  publishJourneyVersion,
  transitionJourney,
  updateJourneyDraft,
  type Db,
  type JourneyDetail,
} from '@nudgeflow/db';
import {
  builtinRegistry,
  compileJourney,
  compileJourneyDocument,
  entryTriggers,
  graphToDocument,
  JOURNEY_API_TRIGGER_EVENT,
  JourneyDefinition,
  JourneyGraph,
  planMigration,
  RUN_UPDATE_MIGRATE,
  statusAfter,
  type JourneyDocument,
  type JourneyError,
  type MigrationPlan,
  type NodeKindRegistry,
  type TriggerApiConfig,
} from '@nudgeflow/journey';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';

/**
 * Journeys as code: the operations behind /api/v1/journeys, framework-free so route handlers stay thin and
 * the tRPC router can call the same functions. Every function is scoped to the caller's workspace.
 */

export type JourneyOutcome<T> =
  { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; errors: JourneyError[] };

const notFound: { ok: false; status: 404; errors: JourneyError[] } = {
  ok: false,
  status: 404,
  errors: [{ message: 'No such journey in this workspace' }],
};

export function summarize(journey: Omit<JourneyDetail, 'draft'>) {
  return {
    id: journey.id,
    name: journey.name,
    description: journey.description,
    status: journey.status,
    activeVersion: journey.activeVersion?.version ?? null,
    updatedAt: journey.updatedAt.toISOString(),
  };
}
export type JourneySummaryBody = ReturnType<typeof summarize>;

export async function listWorkspaceJourneys(db: Db, workspaceId: string): Promise<JourneySummaryBody[]> {
  return (await listJourneys(db, workspaceId)).map(summarize);
}

/**
 * Templates and segments must exist. Topics are not checked: the sender creates a topic a journey names on
 * first use (opt-out), so a new topic key is a decision, not a typo we could tell apart.
 */
async function knownReferences(db: Db, workspaceId: string) {
  const references = await loadJourneyReferences(db, workspaceId);
  return { templates: references.templates, segmentIds: references.segmentIds };
}

export interface SaveOptions {
  registry?: NodeKindRegistry;
  publish?: boolean;
  /** Who publishes, for the version's audit field (`apikey:<id>`, `user:<id>`). */
  actor: string;
}

/**
 * A document checked for saving as a draft: it must compile on its own, while templates and segments it
 * names that the workspace does not have (yet) are only warnings, since they are checked at publish.
 * Refused documents get every problem, references included, in one answer.
 */
export function checkDraftDocument(
  raw: unknown,
  registry: NodeKindRegistry,
  known: Awaited<ReturnType<typeof knownReferences>>,
):
  | { ok: true; document: JourneyDocument; graph: JourneyGraph; warnings: JourneyError[] }
  | { ok: false; errors: JourneyError[] } {
  const checked = compileJourneyDocument(raw, { registry, known });
  if (checked.ok) return { ok: true, document: checked.document, graph: checked.graph, warnings: [] };
  const structure = compileJourneyDocument(raw, { registry });
  if (!structure.ok) return { ok: false, errors: checked.errors };
  return { ok: true, document: structure.document, graph: structure.graph, warnings: checked.errors };
}

export interface SavedBody {
  journey: JourneySummaryBody;
  created: boolean;
  publishedVersion: number | null;
  /** What publishing would refuse (templates or segments the workspace does not have); empty when none. */
  warnings: JourneyError[];
}

/**
 * Creates (no journeyId) or replaces the draft of a journey from a journey document, validated with the
 * same compiler as publishing. Missing templates and segments do not stop a draft (they come back as
 * warnings); with `publish` they refuse the whole request, and nothing is saved.
 */
export async function saveJourneyDocument(
  db: Db,
  workspaceId: string,
  raw: unknown,
  options: SaveOptions & { journeyId?: string },
): Promise<JourneyOutcome<SavedBody>> {
  const registry = options.registry ?? builtinRegistry;
  // Not found comes before invalid: a caller must not learn about another workspace's ids from errors.
  if (options.journeyId && !(await findJourney(db, workspaceId, options.journeyId))) return notFound;
  const checked = checkDraftDocument(raw, registry, await knownReferences(db, workspaceId));
  if (!checked.ok) return { ok: false, status: 400, errors: checked.errors };
  if (options.publish && checked.warnings.length > 0)
    return { ok: false, status: 400, errors: checked.warnings };
  const { document, graph, warnings } = checked;
  const draft = graph;
  let journeyId = options.journeyId;
  let created = false;
  if (journeyId) {
    const updated = await updateJourneyDraft(db, {
      workspaceId,
      journeyId,
      name: document.name,
      description: document.description ?? null,
      draft,
    });
    if (!updated.ok)
      return updated.reason === 'not_found'
        ? notFound
        : { ok: false, status: 409, errors: [{ message: updated.message }] };
  } else {
    const journey = await createJourney(db, {
      workspaceId,
      name: document.name,
      description: document.description ?? null,
      draft,
    });
    journeyId = journey.id;
    created = true;
  }
  let publishedVersion: number | null = null;
  if (options.publish) {
    const published = await publishDraft(db, workspaceId, journeyId, options);
    if (!published.ok) return published;
    publishedVersion = published.value.version;
  }
  const journey = (await findJourney(db, workspaceId, journeyId))!;
  return { ok: true, value: { journey: summarize(journey), created, publishedVersion, warnings } };
}

export interface PublishedBody {
  journey: JourneySummaryBody;
  version: number;
  versionId: string;
  /** Runs still waiting in the previous version and whether they could move to this one (the engine moves them). */
  migration: { previousVersion: number; waitingRuns: Record<string, number>; plan: MigrationPlan } | null;
}

/** Publishes the stored draft as the next immutable version and makes it the one new customers enter. */
export async function publishDraft(
  db: Db,
  workspaceId: string,
  journeyId: string,
  options: SaveOptions,
): Promise<JourneyOutcome<PublishedBody>> {
  const registry = options.registry ?? builtinRegistry;
  const before = await findJourney(db, workspaceId, journeyId);
  if (!before) return notFound;
  const known = await knownReferences(db, workspaceId);
  const result = await publishJourneyVersion(db, {
    workspaceId,
    journeyId,
    publishedBy: options.actor,
    from: ['DRAFT', 'ACTIVE', 'PAUSED'],
    to: (status) => statusAfter(status, 'publish'),
    compile: (draft, identity) => {
      const compiled = compileJourney(draft, { registry, known, identity });
      return compiled.ok ? { ok: true, definition: compiled.definition } : compiled;
    },
  });
  if (!result.ok) {
    if (result.reason === 'not_found') return notFound;
    if (result.reason === 'conflict')
      return { ok: false, status: 409, errors: [{ message: result.message }] };
    return { ok: false, status: 400, errors: result.errors as JourneyError[] };
  }
  let migration: PublishedBody['migration'] = null;
  const previous = before.activeVersion;
  if (previous) {
    const waitingRuns = await countWaitingRunsByNode(db, workspaceId, journeyId, previous.id);
    const previousRecord = await findJourneyVersion(db, workspaceId, journeyId, previous.version);
    if (previousRecord && Object.keys(waitingRuns).length > 0) {
      const plan = planMigration({
        from: JourneyDefinition.parse(previousRecord.definition),
        to: JourneyDefinition.parse(result.version.definition),
        waitingNodeIds: Object.keys(waitingRuns),
      });
      migration = { previousVersion: previous.version, waitingRuns, plan };
    }
  }
  return {
    ok: true,
    value: {
      journey: summarize(result.journey),
      version: result.version.version,
      versionId: result.version.id,
      migration,
    },
  };
}

const TRANSITIONS = {
  pause: { from: ['ACTIVE'], to: 'PAUSED', message: 'Only an active journey can be paused' },
  resume: { from: ['PAUSED'], to: 'ACTIVE', message: 'Only a paused, published journey can be resumed' },
  archive: {
    from: ['DRAFT', 'ACTIVE', 'PAUSED'],
    to: 'ARCHIVED',
    message: 'This journey is already archived',
  },
} as const;

/** Pause stops new entries (customers already in keep going); resume lets them in again; archive retires it. */
export async function changeJourneyStatus(
  db: Db,
  workspaceId: string,
  journeyId: string,
  action: keyof typeof TRANSITIONS,
): Promise<JourneyOutcome<JourneySummaryBody>> {
  const rule = TRANSITIONS[action];
  const result = await transitionJourney(db, {
    workspaceId,
    journeyId,
    from: rule.from,
    to: rule.to,
    requireActiveVersion: action === 'resume',
    conflictMessage: rule.message,
  });
  if (!result.ok)
    return result.reason === 'not_found'
      ? notFound
      : { ok: false, status: 409, errors: [{ message: result.message }] };
  return { ok: true, value: summarize(result.value) };
}

/** The journey as a document: its current draft (or a published version's graph), pinned to kind versions. */
export async function exportJourney(
  db: Db,
  workspaceId: string,
  journeyId: string,
  options: { version?: number; registry?: NodeKindRegistry } = {},
): Promise<JourneyOutcome<JourneyDocument>> {
  const registry = options.registry ?? builtinRegistry;
  const journey = await findJourney(db, workspaceId, journeyId);
  if (!journey) return notFound;
  let rawGraph: unknown = journey.draft;
  if (options.version !== undefined) {
    const version = await findJourneyVersion(db, workspaceId, journeyId, options.version);
    if (!version)
      return {
        ok: false,
        status: 404,
        errors: [{ field: 'version', message: `No version ${options.version}` }],
      };
    rawGraph = version.graph;
  }
  const graph = JourneyGraph.safeParse(rawGraph);
  if (!graph.success)
    return {
      ok: false,
      status: 409,
      errors: [{ message: 'The stored draft is not a readable journey graph' }],
    };
  return {
    ok: true,
    value: graphToDocument(
      graph.data,
      { name: journey.name, description: journey.description },
      (type) => registry.get(type)?.version,
    ),
  };
}

export async function getJourney(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourney(db, workspaceId, journeyId);
  return journey ? summarize(journey) : null;
}

export interface MigrationBody {
  fromVersion: number;
  toVersion: number;
  /** Runs now on the live version. */
  moved: number;
  /** Runs that could not move (finished meanwhile, or their own check refused), with why. */
  failed: { runId: string; message: string }[];
}

/** How many runs are asked to move at once: each is one update round trip to its workflow. */
const MIGRATION_CONCURRENCY = 16;

/**
 * Moves the customers still running an older version onto the live one. The whole migration is planned
 * first against every node those runs wait on (`planMigration`): when a waited-on node is gone and no
 * `nodeMap` entry says where its runs go, nothing moves and every affected node is named. Each run then
 * receives the `migrateVersion` update, which checks again against the node it is really at.
 */
export async function migrateWaitingRuns(
  db: Db,
  client: Client,
  workspaceId: string,
  journeyId: string,
  input: { fromVersion: number; nodeMap?: Record<string, string> },
): Promise<JourneyOutcome<MigrationBody>> {
  const journey = await findJourney(db, workspaceId, journeyId);
  if (!journey) return notFound;
  const live = journey.activeVersion;
  if (!live)
    return { ok: false, status: 409, errors: [{ message: 'Publish the journey before moving runs to it' }] };
  if (input.fromVersion >= live.version) {
    return {
      ok: false,
      status: 400,
      errors: [{ field: 'fromVersion', message: `must be older than the live version ${live.version}` }],
    };
  }
  const [from, to] = await Promise.all([
    findJourneyVersion(db, workspaceId, journeyId, input.fromVersion),
    findJourneyVersion(db, workspaceId, journeyId, live.version),
  ]);
  if (!from || !to) {
    return {
      ok: false,
      status: 404,
      errors: [{ field: 'fromVersion', message: `No version ${input.fromVersion}` }],
    };
  }
  const runs = await listRunningRuns(db, workspaceId, journeyId, from.id);
  const plan = planMigration({
    from: JourneyDefinition.parse(from.definition),
    to: JourneyDefinition.parse(to.definition),
    waitingNodeIds: runs.flatMap((run) => (run.currentNodeId ? [run.currentNodeId] : [])),
    ...(input.nodeMap ? { nodeMap: input.nodeMap } : {}),
  });
  if (!plan.ok) return { ok: false, status: 409, errors: plan.affected };

  let moved = 0;
  const failed: MigrationBody['failed'] = [];
  for (let start = 0; start < runs.length; start += MIGRATION_CONCURRENCY) {
    await Promise.all(
      runs.slice(start, start + MIGRATION_CONCURRENCY).map(async (run) => {
        try {
          await client.workflow.getHandle(run.id).executeUpdate(RUN_UPDATE_MIGRATE, { args: [plan.request] });
          moved += 1;
        } catch (error) {
          const cause = (error as { cause?: { message?: string } }).cause?.message;
          failed.push({
            runId: run.id,
            message: cause ?? (error instanceof Error ? error.message : String(error)),
          });
        }
      }),
    );
  }
  return { ok: true, value: { fromVersion: from.version, toVersion: to.version, moved, failed } };
}

export interface TriggerBody {
  messageId: string;
  /** False when this messageId was already accepted: the call was a retry and changes nothing. */
  accepted: boolean;
}

/**
 * Enters a customer into a journey through its API trigger. The entry goes through the outbox as an
 * internal event, like every other event, so it is durable before the 202, ordered with the customer's
 * other events, subject to the journey's entry rules, and deduplicated by `messageId` when a caller retries.
 */
export async function triggerJourney(
  db: Db,
  workspaceId: string,
  journeyId: string,
  input: { userId: string; properties?: Record<string, unknown>; messageId?: string },
): Promise<JourneyOutcome<TriggerBody>> {
  const journey = await findJourney(db, workspaceId, journeyId);
  if (!journey) return notFound;
  const live = journey.activeVersion;
  if (journey.status !== 'ACTIVE' || !live) {
    return {
      ok: false,
      status: 409,
      errors: [{ message: `A ${journey.status.toLowerCase()} journey takes no entries` }],
    };
  }
  const version = await findJourneyVersion(db, workspaceId, journeyId, live.version);
  const definition = JourneyDefinition.parse(version!.definition);
  // The triggers that would let this call's event in: the same `matchesEntry` the dispatcher asks.
  const apiTriggers = entryTriggers(definition, {
    name: JOURNEY_API_TRIGGER_EVENT,
    properties: { journeyId },
  });
  if (apiTriggers.length === 0) {
    return { ok: false, status: 409, errors: [{ message: 'This journey has no API trigger' }] };
  }
  const properties = input.properties ?? {};
  const required = new Set(
    apiTriggers.flatMap((node) => (node.config as TriggerApiConfig).requiredProperties),
  );
  const missing = [...required].filter((name) => properties[name] === undefined || properties[name] === null);
  if (missing.length > 0) {
    return {
      ok: false,
      status: 400,
      errors: missing.map((name) => ({
        field: `properties.${name}`,
        message: 'is required by the API trigger',
      })),
    };
  }
  const customerId = await findCustomerIdByUserId(db, workspaceId, input.userId);
  if (!customerId) {
    return { ok: false, status: 404, errors: [{ field: 'userId', message: 'No customer with this userId' }] };
  }
  const messageId = input.messageId ?? randomUUID();
  const { eventIds } = await emitEvent(db, {
    workspaceId,
    customerId,
    type: 'INTERNAL',
    name: JOURNEY_API_TRIGGER_EVENT,
    messageId,
    properties: { ...properties, journeyId },
  });
  return { ok: true, value: { messageId, accepted: eventIds[0] !== null } };
}

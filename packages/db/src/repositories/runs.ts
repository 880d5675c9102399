import type { Db } from '../client';
import { withTransaction } from '../transaction';
import type { Prisma, RunStatus } from '../generated/prisma/client';

/**
 * Journey runs (one row per Temporal journeyRun execution, id = workflow id) and what the dispatcher needs
 * to decide entries: the active journeys of a workspace and a customer's earlier runs.
 */

export interface DispatchJourney {
  journeyId: string;
  versionId: string;
  /** The active version's compiled JourneyDefinition (validated by the caller). */
  definition: unknown;
}

/** Every ACTIVE journey of the workspace with its active version's definition. */
export async function listActiveJourneyVersions(db: Db, workspaceId: string): Promise<DispatchJourney[]> {
  const journeys = await db.journey.findMany({
    where: { workspaceId, status: 'ACTIVE', activeVersionId: { not: null } },
    select: { id: true, activeVersion: { select: { id: true, definition: true } } },
  });
  return journeys.flatMap((journey) =>
    journey.activeVersion
      ? [
          {
            journeyId: journey.id,
            versionId: journey.activeVersion.id,
            definition: journey.activeVersion.definition,
          },
        ]
      : [],
  );
}

export interface RunScope {
  journeyId: string;
  customerId: string;
  /** Runs unique per entry property compare this too; null compares runs without a key. */
  entryKey: string | null;
}

/** Earlier runs in an entry scope, newest first: what re-entry rules are decided on. */
export function listRunsInScope(db: Db, scope: RunScope) {
  return db.journeyRun.findMany({
    where: { journeyId: scope.journeyId, customerId: scope.customerId, entryKey: scope.entryKey },
    orderBy: { startedAt: 'desc' },
    select: { id: true, status: true, startedAt: true },
  });
}

/** Ids of the customer's runs that are still going: every event is signalled to them. */
export async function listRunningRunIds(db: Db, customerId: string): Promise<string[]> {
  const runs = await db.journeyRun.findMany({
    where: { customerId, status: 'RUNNING' },
    select: { id: true },
  });
  return runs.map((run) => run.id);
}

export interface CreateRunInput {
  id: string;
  workspaceId: string;
  journeyId: string;
  versionId: string;
  customerId: string;
  entryKey: string | null;
  entryEvent: unknown;
  startedAt?: Date;
}

/** Inserts the run unless it exists (the dispatcher and the workflow's first activity both call this). */
export async function ensureJourneyRun(db: Db, input: CreateRunInput): Promise<void> {
  await db.journeyRun.createMany({
    data: [
      {
        id: input.id,
        workspaceId: input.workspaceId,
        journeyId: input.journeyId,
        versionId: input.versionId,
        customerId: input.customerId,
        entryKey: input.entryKey,
        entryEvent: (input.entryEvent ?? undefined) as Prisma.InputJsonValue | undefined,
        ...(input.startedAt ? { startedAt: input.startedAt } : {}),
      },
    ],
    skipDuplicates: true,
  });
}

export async function setRunCurrentNode(db: Db, runId: string, currentNodeId: string | null): Promise<void> {
  await db.journeyRun.updateMany({ where: { id: runId, status: 'RUNNING' }, data: { currentNodeId } });
}

export async function finishJourneyRun(
  db: Db,
  input: {
    runId: string;
    status: Extract<RunStatus, 'COMPLETED' | 'EXITED' | 'FAILED' | 'CANCELLED'>;
    reason: string;
    at: Date;
  },
): Promise<void> {
  await db.journeyRun.updateMany({
    where: { id: input.runId, status: 'RUNNING' },
    data: { status: input.status, exitReason: input.reason, endedAt: input.at, currentNodeId: null },
  });
}

export async function setRunVersion(
  db: Db,
  input: { runId: string; versionId: string; currentNodeId: string | null },
) {
  await db.journeyRun.updateMany({
    where: { id: input.runId },
    data: { versionId: input.versionId, currentNodeId: input.currentNodeId },
  });
}

export async function markRunConverted(db: Db, runId: string, at: Date): Promise<void> {
  await db.journeyRun.updateMany({ where: { id: runId, convertedAt: null }, data: { convertedAt: at } });
}

/** Whether the run's row is still there (erasure deletes it with the customer). */
export async function journeyRunExists(db: Db, runId: string): Promise<boolean> {
  return (await db.journeyRun.count({ where: { id: runId } })) > 0;
}

export type JourneyProfileOperation =
  | { op: 'set'; attribute: string; value: string | number | boolean | null }
  | { op: 'unset'; attribute: string }
  | { op: 'add_tag'; tag: string }
  | { op: 'remove_tag'; tag: string };

/**
 * A journey's "update profile" node: sets/unsets custom attributes (dotted paths into traits) and adds or
 * removes tags, in order, under a row lock so concurrent ingestion cannot interleave. Setting a value twice
 * is harmless, which is what makes the at-least-once activity safe.
 */
export async function applyJourneyProfileUpdate(
  db: Db,
  input: { workspaceId: string; customerId: string; operations: readonly JourneyProfileOperation[] },
): Promise<{ traits: Record<string, unknown>; tags: string[] } | null> {
  return withTransaction(db, async (client) => {
    // NO KEY UPDATE: serialises profile writers without blocking inserts that reference the customer.
    const rows = await client.query<{ traits: Record<string, unknown> | null; tags: string[] }>(
      `SELECT traits, tags FROM "Customer" WHERE id = $1::uuid AND "workspaceId" = $2::uuid FOR NO KEY UPDATE`,
      [input.customerId, input.workspaceId],
    );
    const row = rows.rows[0];
    if (!row) return null;
    const updated = applyOperations(row.traits ?? {}, row.tags, input.operations);
    await client.query(
      `UPDATE "Customer" SET traits = $2::jsonb, tags = $3::text[], "updatedAt" = $4::timestamp(3) WHERE id = $1::uuid`,
      [input.customerId, JSON.stringify(updated.traits), updated.tags, new Date().toISOString()],
    );
    return updated;
  });
}

function applyOperations(
  current: Record<string, unknown>,
  currentTags: readonly string[],
  operations: readonly JourneyProfileOperation[],
): { traits: Record<string, unknown>; tags: string[] } {
  const traits = structuredClone(current);
  const tags = new Set(currentTags);
  for (const operation of operations) {
    if (operation.op === 'add_tag') tags.add(operation.tag);
    else if (operation.op === 'remove_tag') tags.delete(operation.tag);
    else {
      const keys = operation.attribute.split('.');
      const last = keys.pop()!;
      let target: Record<string, unknown> | undefined = traits;
      for (const key of keys) {
        const next: unknown = target[key];
        if (next === null || typeof next !== 'object' || Array.isArray(next)) {
          if (operation.op === 'unset') {
            target = undefined;
            break;
          }
          target[key] = {};
        }
        target = target[key] as Record<string, unknown>;
      }
      if (!target) continue;
      if (operation.op === 'set') target[last] = operation.value;
      else delete target[last];
    }
  }
  return { traits, tags: [...tags] };
}

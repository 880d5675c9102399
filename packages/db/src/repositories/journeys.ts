import { randomUUID } from 'node:crypto';
import type { Db } from '../client';
import type { JourneyStatus, Prisma } from '../generated/prisma/client';

/**
 * Journeys, their drafts and immutable published versions. Compiling belongs to @nudgeflow/journey and
 * is passed in (`compile`), so this file owns only the data rules: versions numbered without gaps per
 * journey under a row lock, a version never changes once written, and status changes are conditional
 * updates (two concurrent "pause" calls cannot both win).
 */

export const journeySummarySelect = {
  id: true,
  workspaceId: true,
  name: true,
  description: true,
  status: true,
  activeVersionId: true,
  draftRevision: true,
  createdAt: true,
  updatedAt: true,
  activeVersion: { select: { id: true, version: true, publishedAt: true } },
} satisfies Prisma.JourneySelect;
export type JourneySummary = Prisma.JourneyGetPayload<{ select: typeof journeySummarySelect }>;

export const journeyDetailSelect = { ...journeySummarySelect, draft: true } satisfies Prisma.JourneySelect;
export type JourneyDetail = Prisma.JourneyGetPayload<{ select: typeof journeyDetailSelect }>;

export const journeyVersionSelect = {
  id: true,
  journeyId: true,
  version: true,
  definition: true,
  graph: true,
  publishedAt: true,
  publishedBy: true,
} satisfies Prisma.JourneyVersionSelect;
export type JourneyVersionRecord = Prisma.JourneyVersionGetPayload<{ select: typeof journeyVersionSelect }>;

export function listJourneys(db: Db, workspaceId: string, options: { includeArchived?: boolean } = {}) {
  return db.journey.findMany({
    where: { workspaceId, ...(options.includeArchived ? {} : { status: { not: 'ARCHIVED' } }) },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    select: journeySummarySelect,
  });
}

/** Whether the workspace has any journey at all, archived ones included. */
export async function workspaceHasJourneys(db: Db, workspaceId: string): Promise<boolean> {
  return (await db.journey.findFirst({ where: { workspaceId }, select: { id: true } })) !== null;
}

/** A journey of this workspace, or null (another workspace's journey is "not found", never "forbidden"). */
export function findJourney(db: Db, workspaceId: string, journeyId: string): Promise<JourneyDetail | null> {
  if (!isUuid(journeyId)) return Promise.resolve(null);
  return db.journey.findFirst({ where: { id: journeyId, workspaceId }, select: journeyDetailSelect });
}

export interface CreateJourneyInput {
  workspaceId: string;
  name: string;
  description?: string | null;
  /** The canvas graph (packages/journey JourneyGraph), stored as JSON. */
  draft: object;
}

export function createJourney(db: Db, input: CreateJourneyInput): Promise<JourneyDetail> {
  return db.journey.create({
    data: {
      workspaceId: input.workspaceId,
      name: input.name,
      description: input.description ?? null,
      draft: input.draft as Prisma.InputJsonValue,
    },
    select: journeyDetailSelect,
  });
}

export type JourneyWriteResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; message: string };

/** Replaces the draft (and name/description when given). Archived journeys are read-only. */
export async function updateJourneyDraft(
  db: Db,
  input: {
    workspaceId: string;
    journeyId: string;
    name?: string;
    description?: string | null;
    draft: object;
    /** For the draft's history: who replaced it and why. */
    author?: string | null;
    changeLabel?: string;
  },
): Promise<JourneyWriteResult<JourneyDetail>> {
  if (!isUuid(input.journeyId)) return { ok: false, reason: 'not_found' };
  // A replaced draft is a change in the draft's history too: an open editor learns of it at its next save,
  // and nothing before it can be undone.
  const count = await db.$transaction(async (tx) => {
    const { count } = await tx.journey.updateMany({
      where: { id: input.journeyId, workspaceId: input.workspaceId, status: { not: 'ARCHIVED' } },
      data: {
        draft: input.draft as Prisma.InputJsonValue,
        draftRevision: { increment: 1 },
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      },
    });
    if (count === 0) return 0;
    const { draftRevision } = await tx.journey.findUniqueOrThrow({
      where: { id: input.journeyId },
      select: { draftRevision: true },
    });
    await tx.journeyDraftChange.create({
      data: {
        journeyId: input.journeyId,
        revision: draftRevision,
        kind: 'replace',
        label: input.changeLabel ?? 'Replaced the draft',
        patches: [],
        inversePatches: [],
        author: input.author ?? null,
      },
    });
    return count;
  });
  if (count === 0)
    return missingOrConflict(
      db,
      input.workspaceId,
      input.journeyId,
      'This journey is archived and can no longer change',
    );
  return { ok: true, value: (await findJourney(db, input.workspaceId, input.journeyId))! };
}

/**
 * Moves a journey from one of `from` to `to` (pause: ACTIVE → PAUSED, resume: PAUSED → ACTIVE with a
 * published version, archive: any but ARCHIVED → ARCHIVED). The allowed moves come from the caller's
 * lifecycle rules; the condition in the UPDATE makes the move atomic.
 */
export async function transitionJourney(
  db: Db,
  input: {
    workspaceId: string;
    journeyId: string;
    from: readonly JourneyStatus[];
    to: JourneyStatus;
    requireActiveVersion?: boolean;
    conflictMessage: string;
  },
): Promise<JourneyWriteResult<JourneyDetail>> {
  if (!isUuid(input.journeyId)) return { ok: false, reason: 'not_found' };
  const { count } = await db.journey.updateMany({
    where: {
      id: input.journeyId,
      workspaceId: input.workspaceId,
      status: { in: [...input.from] },
      ...(input.requireActiveVersion ? { activeVersionId: { not: null } } : {}),
    },
    data: { status: input.to },
  });
  if (count === 0) return missingOrConflict(db, input.workspaceId, input.journeyId, input.conflictMessage);
  return { ok: true, value: (await findJourney(db, input.workspaceId, input.journeyId))! };
}

export interface VersionIdentity {
  journeyId: string;
  versionId: string;
  version: number;
  name: string;
}

export type PublishCompile = (
  draft: unknown,
  identity: VersionIdentity,
) => { ok: true; definition: object } | { ok: false; errors: unknown[] };

export type PublishResult =
  | { ok: true; version: JourneyVersionRecord; journey: JourneyDetail }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; message: string }
  | { ok: false; reason: 'invalid'; errors: unknown[] };

/**
 * Publishes the current draft as the next version. Inside one transaction with the journey row locked:
 * check the status is one of `from`, compile the draft with the version's identity, write the immutable
 * version (definition + the graph it came from), make it active and set the status to `to`.
 */
export async function publishJourneyVersion(
  db: Db,
  input: {
    workspaceId: string;
    journeyId: string;
    publishedBy: string | null;
    from: readonly JourneyStatus[];
    to: (current: JourneyStatus) => JourneyStatus;
    compile: PublishCompile;
  },
): Promise<PublishResult> {
  if (!isUuid(input.journeyId)) return { ok: false, reason: 'not_found' };
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ status: JourneyStatus; name: string; draft: unknown }[]>`
      SELECT "status", "name", "draft" FROM "Journey"
      WHERE "id" = ${input.journeyId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid
      FOR UPDATE`;
      const journey = locked[0];
      if (!journey) return { ok: false, reason: 'not_found' } as const;
      if (!input.from.includes(journey.status)) {
        return {
          ok: false,
          reason: 'conflict',
          message: `A ${journey.status.toLowerCase()} journey cannot be published`,
        } as const;
      }
      const latest = await tx.journeyVersion.aggregate({
        where: { journeyId: input.journeyId },
        _max: { version: true },
      });
      const identity: VersionIdentity = {
        journeyId: input.journeyId,
        versionId: randomUUID(),
        version: (latest._max.version ?? 0) + 1,
        name: journey.name,
      };
      const compiled = input.compile(journey.draft, identity);
      if (!compiled.ok) return { ok: false, reason: 'invalid', errors: compiled.errors } as const;
      const version = await tx.journeyVersion.create({
        data: {
          id: identity.versionId,
          journeyId: input.journeyId,
          version: identity.version,
          definition: compiled.definition as Prisma.InputJsonValue,
          graph: journey.draft as Prisma.InputJsonValue,
          publishedBy: input.publishedBy,
        },
        select: journeyVersionSelect,
      });
      const updated = await tx.journey.update({
        where: { id: input.journeyId },
        data: { activeVersionId: version.id, status: input.to(journey.status) },
        select: journeyDetailSelect,
      });
      return { ok: true, version, journey: updated } as const;
    },
    // Waiting for the row lock counts against the transaction's time: concurrent publishes queue up.
    { maxWait: 10_000, timeout: 30_000 },
  );
}

export function listJourneyVersions(db: Db, workspaceId: string, journeyId: string) {
  if (!isUuid(journeyId)) return Promise.resolve([]);
  return db.journeyVersion.findMany({
    where: { journeyId, journey: { workspaceId } },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, publishedAt: true, publishedBy: true },
  });
}

export function findJourneyVersion(
  db: Db,
  workspaceId: string,
  journeyId: string,
  version: number,
): Promise<JourneyVersionRecord | null> {
  if (!isUuid(journeyId)) return Promise.resolve(null);
  return db.journeyVersion.findFirst({
    where: { journeyId, version, journey: { workspaceId } },
    select: journeyVersionSelect,
  });
}

/** Node ids that running customers of this journey wait on, with how many: the migration planner's input. */
export async function countWaitingRunsByNode(
  db: Db,
  workspaceId: string,
  journeyId: string,
  versionId: string,
) {
  const groups = await db.journeyRun.groupBy({
    by: ['currentNodeId'],
    where: { workspaceId, journeyId, versionId, status: 'RUNNING', currentNodeId: { not: null } },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((group) => [group.currentNodeId!, group._count._all]));
}

/** Running customers of one version (workflow ids and where they wait), for moving them to a newer version. */
export function listRunningRuns(db: Db, workspaceId: string, journeyId: string, versionId: string) {
  return db.journeyRun.findMany({
    where: { workspaceId, journeyId, versionId, status: 'RUNNING' },
    orderBy: { startedAt: 'asc' },
    select: { id: true, currentNodeId: true },
  });
}

/** What a journey may reference in the workspace, for the compiler's reference checks at publish. */
export async function loadJourneyReferences(db: Db, workspaceId: string) {
  const [templates, segments, topics] = await Promise.all([
    db.template.findMany({
      where: { workspaceId, archivedAt: null },
      select: { id: true, channel: true, pluginChannel: true },
    }),
    db.segment.findMany({ where: { workspaceId }, select: { id: true } }),
    db.topic.findMany({ where: { workspaceId }, select: { key: true } }),
  ]);
  return {
    /** Template id → channel id as journeys name channels (`push`, `in_app`, or the plugin channel's id). */
    templates: new Map(
      templates.map((template) => [
        template.id,
        template.channel ? template.channel.toLowerCase() : (template.pluginChannel ?? ''),
      ]),
    ),
    segmentIds: new Set(segments.map((segment) => segment.id)),
    topicKeys: new Set(topics.map((topic) => topic.key)),
  };
}

async function missingOrConflict(
  db: Db,
  workspaceId: string,
  journeyId: string,
  message: string,
): Promise<{ ok: false; reason: 'not_found' } | { ok: false; reason: 'conflict'; message: string }> {
  const exists = await db.journey.count({ where: { id: journeyId, workspaceId } });
  return exists === 0 ? { ok: false, reason: 'not_found' } : { ok: false, reason: 'conflict', message };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs: a malformed one is "not found", not a database error. */
function isUuid(value: string): boolean {
  return UUID.test(value);
}

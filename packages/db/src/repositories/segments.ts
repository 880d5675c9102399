import {
  compileSegmentCount,
  compileSegmentMembers,
  compileSegmentMembership,
  compileSegmentAudience,
  findSegmentCycle,
  isTimeBased,
  orderByReferences,
  referencedSegmentIds,
  SEGMENT_ENTERED,
  SEGMENT_EXITED,
  SegmentDefinition,
  SqlParams,
} from '@nudgeflow/segments';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { poolOf, type Db } from '../client';
import { emitEvent } from './events';
import { withTransaction } from '../transaction';

/**
 * Segments: definitions (validated, with `timeBased` derived), live counts and member listings compiled to
 * SQL, and the materialised memberships (`SegmentMembership`) that journeys start from. Set-based
 * recomputation lives here; the per-customer real-time path is in segment-memberships.ts.
 */

export interface SegmentRecord {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  definition: SegmentDefinition;
  timeBased: boolean;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

export interface FieldError {
  field: string;
  message: string;
}

export type SegmentResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** A customer entering or leaving a segment, as recorded in SegmentMembership. */
export interface SegmentChange {
  workspaceId: string;
  segmentId: string;
  customerId: string;
  entered: boolean;
  at: Date;
}

export interface SegmentInput {
  name: string;
  description?: string | null;
  definition: unknown;
}

function toRecord(row: {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  definition: unknown;
  timeBased: boolean;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}): SegmentRecord {
  return { ...row, definition: SegmentDefinition.parse(row.definition) };
}

/**
 * Validates a definition for a segment of `workspaceId`: schema, referenced segments exist in the same
 * workspace and are not archived, and no `in_segment` cycle.
 */
export async function validateSegmentDefinition(
  db: Db,
  workspaceId: string,
  segmentId: string,
  definition: unknown,
): Promise<SegmentResult<SegmentDefinition>> {
  const parsed = SegmentDefinition.safeParse(definition);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        field: ['definition', ...issue.path].join('.'),
        message: issue.message,
      })),
    };
  }
  const referenced = referencedSegmentIds(parsed.data);
  if (referenced.length === 0) return { ok: true, value: parsed.data };
  const others = await db.segment.findMany({
    where: { workspaceId, archivedAt: null, id: { not: segmentId } },
    select: { id: true, definition: true },
  });
  const byId = new Map(others.map((segment) => [segment.id, SegmentDefinition.parse(segment.definition)]));
  const missing = referenced.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: [{ field: 'definition', message: `Unknown or archived segment: ${missing.join(', ')}` }],
    };
  }
  const cycle = findSegmentCycle(segmentId, parsed.data, byId);
  if (cycle)
    return {
      ok: false,
      errors: [
        { field: 'definition', message: `Segments reference each other in a cycle: ${cycle.join(' → ')}` },
      ],
    };
  return { ok: true, value: parsed.data };
}

function validateName(input: SegmentInput): FieldError[] {
  const name = input.name?.trim() ?? '';
  if (name.length === 0) return [{ field: 'name', message: 'Name is required' }];
  if (name.length > 200) return [{ field: 'name', message: 'Name is at most 200 characters' }];
  return [];
}

/** Creates a segment and computes its memberships (each entry emits `Segment Entered`). */
export async function createSegment(
  db: Db,
  workspaceId: string,
  input: SegmentInput,
  now = new Date(),
): Promise<SegmentResult<{ segment: SegmentRecord; changes: SegmentChange[] }>> {
  const id = randomUUID();
  const nameErrors = validateName(input);
  const definition = await validateSegmentDefinition(db, workspaceId, id, input.definition);
  if (nameErrors.length > 0 || !definition.ok) {
    return { ok: false, errors: [...nameErrors, ...(definition.ok ? [] : definition.errors)] };
  }
  const row = await db.segment.create({
    data: {
      id,
      workspaceId,
      name: input.name.trim(),
      description: input.description ?? null,
      definition: definition.value,
      timeBased: isTimeBased(definition.value),
    },
  });
  const segment = toRecord(row);
  const changes = await recomputeSegmentMemberships(db, segment, now);
  return { ok: true, value: { segment, changes } };
}

/** Updates name, description or definition; a new definition recomputes memberships set-wise. */
export async function updateSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
  input: Partial<SegmentInput>,
  now = new Date(),
): Promise<SegmentResult<{ segment: SegmentRecord; changes: SegmentChange[] }>> {
  const existing = await findSegment(db, workspaceId, segmentId);
  if (!existing) return { ok: false, errors: [{ field: 'id', message: 'Segment not found' }] };
  if (existing.archivedAt) return { ok: false, errors: [{ field: 'id', message: 'Segment is archived' }] };
  const errors: FieldError[] =
    input.name === undefined ? [] : validateName({ name: input.name, definition: null });
  let definition = existing.definition;
  if (input.definition !== undefined) {
    const validated = await validateSegmentDefinition(db, workspaceId, segmentId, input.definition);
    if (validated.ok) definition = validated.value;
    else errors.push(...validated.errors);
  }
  if (errors.length > 0) return { ok: false, errors };
  const row = await db.segment.update({
    where: { id: segmentId },
    data: {
      ...(input.name === undefined ? {} : { name: input.name.trim() }),
      ...(input.description === undefined ? {} : { description: input.description }),
      definition,
      timeBased: isTimeBased(definition),
    },
  });
  const segment = toRecord(row);
  if (input.definition === undefined) return { ok: true, value: { segment, changes: [] } };
  const changes = await recomputeSegmentMemberships(db, segment, now);
  // Segments built on this one ("German VIPs" on "VIPs") are recomputed after it, in dependency order.
  for (const dependant of await dependantsOf(db, workspaceId, segmentId)) {
    await recomputeSegmentMemberships(db, dependant, now);
  }
  return { ok: true, value: { segment, changes } };
}

/** Active segments that reference `segmentId`, directly or through others, in dependency order. */
async function dependantsOf(db: Db, workspaceId: string, segmentId: string): Promise<SegmentRecord[]> {
  const affected = new Set([segmentId]);
  const dependants: SegmentRecord[] = [];
  for (const candidate of orderByReferences(await listSegments(db, workspaceId))) {
    if (
      candidate.id !== segmentId &&
      referencedSegmentIds(candidate.definition).some((id) => affected.has(id))
    ) {
      affected.add(candidate.id);
      dependants.push(candidate);
    }
  }
  return dependants;
}

/**
 * Archives a segment: it stops being evaluated and cannot be referenced by new definitions. Memberships are
 * kept for history. Refused while an active segment still references it.
 */
export async function archiveSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
  now = new Date(),
): Promise<SegmentResult<SegmentRecord>> {
  const existing = await findSegment(db, workspaceId, segmentId);
  if (!existing) return { ok: false, errors: [{ field: 'id', message: 'Segment not found' }] };
  const others = await listSegments(db, workspaceId);
  const dependants = others.filter(
    (other) => other.id !== segmentId && referencedSegmentIds(other.definition).includes(segmentId),
  );
  if (dependants.length > 0) {
    return {
      ok: false,
      errors: [{ field: 'id', message: `Used by segment(s): ${dependants.map((d) => d.name).join(', ')}` }],
    };
  }
  const row = await db.segment.update({
    where: { id: segmentId },
    data: { archivedAt: existing.archivedAt ?? now },
  });
  return { ok: true, value: toRecord(row) };
}

export async function findSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
): Promise<SegmentRecord | null> {
  const row = await db.segment.findFirst({ where: { id: segmentId, workspaceId } });
  return row ? toRecord(row) : null;
}

/** The workspace's segments that are not archived, oldest first. */
export async function listSegments(db: Db, workspaceId: string): Promise<SegmentRecord[]> {
  const rows = await db.segment.findMany({
    where: { workspaceId, archivedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toRecord);
}

/** Live count of the customers matching a (possibly unsaved) definition, for the editor's preview. */
export async function countSegmentDefinition(
  db: Db,
  workspaceId: string,
  definition: SegmentDefinition,
  now = new Date(),
): Promise<number> {
  const query = compileSegmentCount(workspaceId, definition, now);
  const result = await poolOf(db).query<{ count: number }>(query.text, query.values);
  return result.rows[0]?.count ?? 0;
}

export async function countSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
  now = new Date(),
): Promise<number | null> {
  const segment = await findSegment(db, workspaceId, segmentId);
  return segment ? countSegmentDefinition(db, workspaceId, segment.definition, now) : null;
}

export interface MemberPage {
  customerIds: string[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
}

/** One page of the segment's current members (evaluated live), in customer id order. */
export async function listSegmentMembers(
  db: Db,
  workspaceId: string,
  segmentId: string,
  page: { limit?: number; after?: string | null } = {},
  now = new Date(),
): Promise<MemberPage | null> {
  const segment = await findSegment(db, workspaceId, segmentId);
  if (!segment) return null;
  const limit = Math.max(1, Math.min(1000, page.limit ?? 100));
  const query = compileSegmentMembers(workspaceId, segment.definition, now, {
    limit,
    afterCustomerId: page.after ?? null,
  });
  const result = await poolOf(db).query<{ customerId: string }>(query.text, query.values);
  const customerIds = result.rows.map((row) => row.customerId);
  return { customerIds, nextAfter: customerIds.length === limit ? (customerIds.at(-1) ?? null) : null };
}

/** Whether one customer matches the segment's definition right now (evaluated live in SQL). */
export async function isCustomerInSegment(
  db: Db,
  workspaceId: string,
  segmentId: string,
  customerId: string,
  now = new Date(),
): Promise<boolean> {
  const segment = await findSegment(db, workspaceId, segmentId);
  if (!segment) return false;
  const query = compileSegmentMembership(workspaceId, customerId, segment.definition, now);
  const result = await poolOf(db).query<{ member: boolean }>(query.text, query.values);
  return result.rows[0]?.member === true;
}

/** The customer's stored memberships (current and past), for the profile page and the export. */
export async function listCustomerSegmentMemberships(db: Db, workspaceId: string, customerId: string) {
  return db.segmentMembership.findMany({
    where: { customerId, segment: { workspaceId } },
    select: {
      segmentId: true,
      inSegment: true,
      enteredAt: true,
      exitedAt: true,
      segment: { select: { name: true, archivedAt: true } },
    },
    orderBy: { enteredAt: 'desc' },
  });
}

export { SEGMENT_ENTERED, SEGMENT_EXITED };

const EMIT_CHUNK = 5_000;

/**
 * Appends `Segment Entered` / `Segment Exited` for each change, inside the transaction that recorded it,
 * so a membership change and its event commit together. The messageId is derived from the change, so
 * a replay of the same change is stored once.
 */
export async function emitSegmentChanges(
  client: pg.ClientBase,
  changes: readonly SegmentChange[],
): Promise<void> {
  for (let i = 0; i < changes.length; i += EMIT_CHUNK) {
    await emitEvent(
      client,
      changes.slice(i, i + EMIT_CHUNK).map((change) => ({
        workspaceId: change.workspaceId,
        customerId: change.customerId,
        name: change.entered ? SEGMENT_ENTERED : SEGMENT_EXITED,
        properties: { segmentId: change.segmentId },
        messageId: `segment:${change.segmentId}:${change.customerId}:${change.entered ? 'entered' : 'exited'}:${change.at.toISOString()}`,
        timestamp: change.at,
        type: 'INTERNAL' as const,
      })),
    );
  }
}

/**
 * Recomputes a segment's memberships in one statement: customers now matching and not yet in enter (row
 * inserted, or re-entered with a fresh enteredAt), members no longer matching exit (exitedAt set). Only
 * changed rows are written, and each change's event is appended in the same transaction.
 */
export async function recomputeSegmentMemberships(
  db: Db,
  segment: Pick<SegmentRecord, 'id' | 'workspaceId' | 'definition'>,
  now: Date,
): Promise<SegmentChange[]> {
  const params = new SqlParams();
  const workspace = params.add(segment.workspaceId, 'uuid');
  const segmentId = params.add(segment.id, 'uuid');
  const at = params.time(now);
  const { joins, predicate } = compileSegmentAudience(segment.definition, params, now, workspace);
  const text = `
    WITH members AS MATERIALIZED (
      SELECT c."id" FROM "Customer" c ${joins} WHERE c."workspaceId" = ${workspace} AND ${predicate}
    ), entered AS (
      INSERT INTO "SegmentMembership" ("segmentId", "customerId", "inSegment", "enteredAt", "exitedAt")
      SELECT ${segmentId}, members."id", true, ${at}, NULL FROM members
      ON CONFLICT ("segmentId", "customerId") DO UPDATE
        SET "inSegment" = true, "enteredAt" = EXCLUDED."enteredAt", "exitedAt" = NULL
        WHERE NOT "SegmentMembership"."inSegment"
      RETURNING "customerId"
    ), exited AS (
      UPDATE "SegmentMembership" sm SET "inSegment" = false, "exitedAt" = ${at}
       WHERE sm."segmentId" = ${segmentId} AND sm."inSegment"
         AND NOT EXISTS (SELECT 1 FROM members WHERE members."id" = sm."customerId")
      RETURNING sm."customerId"
    )
    SELECT "customerId", true AS entered FROM entered
    UNION ALL
    SELECT "customerId", false AS entered FROM exited`;
  return withTransaction(db, async (client) => {
    // One recomputation per segment at a time: two overlapping ones would both see a customer as new.
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('segment:' || $1::text, 0))`, [
      segment.id,
    ]);
    const result = await client.query<{ customerId: string; entered: boolean }>(text, params.values);
    const changes = result.rows.map((row) => ({
      workspaceId: segment.workspaceId,
      segmentId: segment.id,
      customerId: row.customerId,
      entered: row.entered,
      at: now,
    }));
    await emitSegmentChanges(client, changes);
    return changes;
  });
}

/** Active time-based segments of every workspace, or of one (what the sweep re-checks). */
export async function listTimeBasedSegments(db: Db, workspaceId?: string): Promise<SegmentRecord[]> {
  const rows = await db.segment.findMany({
    where: { timeBased: true, archivedAt: null, ...(workspaceId ? { workspaceId } : {}) },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toRecord);
}

/**
 * The scheduled sweep: recomputes every active time-based segment set-wise at `now`, so members whose
 * window ran out ("no visit for 6 weeks") enter or exit without an event of their own. Returns the changes
 * (already recorded and emitted). Segments are swept one by one; a failure in one does not stop the rest.
 */
export async function sweepTimeBasedSegments(
  db: Db,
  now = new Date(),
  scope: { workspaceId?: string } = {},
): Promise<{
  segments: number;
  changes: SegmentChange[];
  failures: { segmentId: string; message: string }[];
}> {
  const segments = await listTimeBasedSegments(db, scope.workspaceId);
  const changes: SegmentChange[] = [];
  const failures: { segmentId: string; message: string }[] = [];
  for (const segment of segments) {
    try {
      changes.push(...(await recomputeSegmentMemberships(db, segment, now)));
    } catch (error) {
      failures.push({
        segmentId: segment.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { segments: segments.length, changes, failures };
}

import type pg from 'pg';
import { poolOf, type Db } from '../client';
import { emitEvent, type EmitEventInput } from './events';
import { withTransaction } from '../transaction';

/**
 * The worker's schedule-trigger scheduler (apps/worker/src/schedules): which journey versions have schedule
 * triggers, how far each is planned, the planned fires, and the fan-out of one fire in keyset-paginated
 * batches. Each batch appends its entry events (outbox) and advances the fire's cursor in one transaction,
 * so a crash repeats no batch and skips none; entry messageIds are deterministic besides.
 */

export interface ScheduledJourneyVersion {
  workspaceId: string;
  journeyId: string;
  versionId: string;
  publishedAt: Date;
  definition: unknown;
  /** triggerNodeId → plannedThrough, for this version. */
  planned: Map<string, Date>;
}

export interface ScheduleScope {
  /** Only this workspace (tests); every workspace when absent. */
  workspaceId?: string;
}

/** ACTIVE journeys whose live version has a `trigger.schedule` node, with their planning watermarks. */
export async function listScheduledJourneyVersions(
  db: Db,
  scope: ScheduleScope = {},
): Promise<ScheduledJourneyVersion[]> {
  const { rows } = await poolOf(db).query<{
    workspaceId: string;
    journeyId: string;
    versionId: string;
    publishedAt: Date;
    definition: unknown;
    planned: { triggerNodeId: string; plannedThrough: string }[] | null;
  }>(
    `SELECT j."workspaceId", j.id AS "journeyId", v.id AS "versionId", v."publishedAt", v.definition,
            (SELECT json_agg(json_build_object('triggerNodeId', p."triggerNodeId", 'plannedThrough', p."plannedThrough"))
               FROM "JourneySchedulePlan" p WHERE p."versionId" = v.id) AS planned
       FROM "Journey" j JOIN "JourneyVersion" v ON v.id = j."activeVersionId"
      WHERE j.status = 'ACTIVE' AND ($1::uuid IS NULL OR j."workspaceId" = $1::uuid)
        AND EXISTS (SELECT 1 FROM jsonb_each(v.definition->'nodes') n WHERE n.value->>'kind' = 'trigger.schedule')`,
    [scope.workspaceId ?? null],
  );
  return rows.map((row) => ({
    workspaceId: row.workspaceId,
    journeyId: row.journeyId,
    versionId: row.versionId,
    publishedAt: row.publishedAt,
    definition: row.definition,
    // json_build_object renders timestamp(3) without a zone: the column holds UTC.
    planned: new Map(
      (row.planned ?? []).map((plan) => [plan.triggerNodeId, new Date(`${plan.plannedThrough}Z`)]),
    ),
  }));
}

export interface PlannedScheduleFire {
  occurrence: string;
  fireAt: Date;
  /** Empty: everyone in the audience enters at `fireAt`. */
  zones: readonly string[];
}

/**
 * Stores the fires of one trigger up to `plannedThrough` and moves its watermark there, in one transaction.
 * A fire already planned by an earlier version and not yet started moves to this version (republishing the
 * same schedule keeps its occurrences; they are never planned twice).
 */
export async function recordScheduleFires(
  db: Db,
  input: {
    workspaceId: string;
    journeyId: string;
    versionId: string;
    triggerNodeId: string;
    plannedThrough: Date;
    fires: readonly PlannedScheduleFire[];
  },
): Promise<void> {
  await withTransaction(db, async (client) => {
    if (input.fires.length > 0) {
      await client.query(
        `INSERT INTO "JourneyScheduleFire" (id, "workspaceId", "journeyId", "versionId", "triggerNodeId", occurrence, "fireAt", zones)
         SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4, t.occurrence, t."fireAt", ARRAY(SELECT jsonb_array_elements_text(t.zones))
           FROM unnest($5::text[], $6::timestamp(3)[], $7::jsonb[]) AS t(occurrence, "fireAt", zones)
         ON CONFLICT ("journeyId", "triggerNodeId", occurrence, "fireAt")
         DO UPDATE SET "versionId" = EXCLUDED."versionId", zones = EXCLUDED.zones
           WHERE "JourneyScheduleFire".status = 'PENDING'`,
        [
          input.workspaceId,
          input.journeyId,
          input.versionId,
          input.triggerNodeId,
          input.fires.map((fire) => fire.occurrence),
          input.fires.map((fire) => fire.fireAt.toISOString()),
          input.fires.map((fire) => JSON.stringify(fire.zones)),
        ],
      );
    }
    await client.query(
      `INSERT INTO "JourneySchedulePlan" ("versionId", "triggerNodeId", "journeyId", "plannedThrough")
       VALUES ($1::uuid, $2, $3::uuid, $4::timestamp(3))
       ON CONFLICT ("versionId", "triggerNodeId")
       DO UPDATE SET "plannedThrough" = GREATEST("JourneySchedulePlan"."plannedThrough", EXCLUDED."plannedThrough")`,
      [input.versionId, input.triggerNodeId, input.journeyId, input.plannedThrough.toISOString()],
    );
  });
}

/**
 * Time passes for paused and archived journeys without occurrences: their watermarks move to `now`, so
 * resuming does not catch up what fell due while paused. Plans of versions no longer live are dropped.
 */
export async function advanceInactiveSchedulePlans(
  db: Db,
  now: Date,
  scope: ScheduleScope = {},
): Promise<void> {
  const pool = poolOf(db);
  await pool.query(
    `UPDATE "JourneySchedulePlan" p SET "plannedThrough" = $1::timestamp(3)
       FROM "Journey" j
      WHERE j.id = p."journeyId" AND j.status <> 'ACTIVE' AND p."plannedThrough" < $1::timestamp(3)
        AND ($2::uuid IS NULL OR j."workspaceId" = $2::uuid)`,
    [now.toISOString(), scope.workspaceId ?? null],
  );
  await pool.query(
    `DELETE FROM "JourneySchedulePlan" p USING "Journey" j
      WHERE j.id = p."journeyId" AND j."activeVersionId" IS DISTINCT FROM p."versionId"
        AND ($1::uuid IS NULL OR j."workspaceId" = $1::uuid)`,
    [scope.workspaceId ?? null],
  );
}

/**
 * Marks due fires that must not run as SKIPPED, with the reason: the journey is not ACTIVE; or a newer
 * version no longer has this occurrence (its plan covered the instant without taking the fire over, or it
 * has no such schedule trigger); or the fire is more than `catchUpFrom` late and never started.
 */
export async function skipScheduleFires(
  db: Db,
  input: { now: Date; catchUpFrom: Date } & ScheduleScope,
): Promise<{ id: string; skipReason: string }[]> {
  const { rows } = await poolOf(db).query<{ id: string; skipReason: string }>(
    `WITH due AS (
       SELECT f.id,
              CASE
                WHEN j.id IS NULL THEN 'journey deleted'
                WHEN j.status <> 'ACTIVE' THEN 'journey ' || lower(j.status::text)
                WHEN f."versionId" <> j."activeVersionId" AND f.cursor IS NULL AND f."fireAt" >= v."publishedAt" AND (
                       v.definition->'nodes'->f."triggerNodeId"->>'kind' IS DISTINCT FROM 'trigger.schedule'
                       OR EXISTS (SELECT 1 FROM "JourneySchedulePlan" p
                                   WHERE p."versionId" = v.id AND p."triggerNodeId" = f."triggerNodeId"
                                     AND p."plannedThrough" >= f."fireAt"))
                  THEN 'superseded by version ' || v.version
                WHEN f.cursor IS NULL AND f."fireAt" < $2::timestamp(3) THEN 'missed: later than the catch-up bound'
              END AS reason
         FROM "JourneyScheduleFire" f
         LEFT JOIN "Journey" j ON j.id = f."journeyId"
         LEFT JOIN "JourneyVersion" v ON v.id = j."activeVersionId"
        WHERE f.status = 'PENDING' AND f."fireAt" <= $1::timestamp(3)
          AND ($3::uuid IS NULL OR f."workspaceId" = $3::uuid)
     )
     UPDATE "JourneyScheduleFire" f SET status = 'SKIPPED', "skipReason" = due.reason, "finishedAt" = $1::timestamp(3)
       FROM due WHERE f.id = due.id AND due.reason IS NOT NULL AND f.status = 'PENDING'
        -- A fan-out that started since the snapshot above goes on, unless the journey stopped.
        AND (f.cursor IS NULL OR due.reason LIKE 'journey %')
     RETURNING f.id, f."skipReason"`,
    [input.now.toISOString(), input.catchUpFrom.toISOString(), input.workspaceId ?? null],
  );
  return rows;
}

/** Forgets finished fires whose instant is older than `before` (they can never be planned again). */
export async function deleteFinishedScheduleFires(
  db: Db,
  before: Date,
  scope: ScheduleScope = {},
): Promise<number> {
  const { rowCount } = await poolOf(db).query(
    `DELETE FROM "JourneyScheduleFire"
      WHERE status IN ('DONE', 'SKIPPED') AND "fireAt" < $1::timestamp(3) AND ($2::uuid IS NULL OR "workspaceId" = $2::uuid)`,
    [before.toISOString(), scope.workspaceId ?? null],
  );
  return rowCount ?? 0;
}

/** Fires due at `now` and not finished, oldest first. */
export async function listDueScheduleFires(
  db: Db,
  now: Date,
  scope: ScheduleScope = {},
  limit = 100,
): Promise<string[]> {
  const { rows } = await poolOf(db).query<{ id: string }>(
    `SELECT id FROM "JourneyScheduleFire"
      WHERE status = 'PENDING' AND "fireAt" <= $1::timestamp(3) AND ($2::uuid IS NULL OR "workspaceId" = $2::uuid)
      ORDER BY "fireAt", id LIMIT $3`,
    [now.toISOString(), scope.workspaceId ?? null, limit],
  );
  return rows.map((row) => row.id);
}

/** The earliest fire not yet due, so the scheduler can sleep exactly until then. */
export async function nextScheduleFireAt(db: Db, now: Date, scope: ScheduleScope = {}): Promise<Date | null> {
  const { rows } = await poolOf(db).query<{ fireAt: Date | null }>(
    `SELECT min("fireAt") AS "fireAt" FROM "JourneyScheduleFire"
      WHERE status = 'PENDING' AND "fireAt" > $1::timestamp(3) AND ($2::uuid IS NULL OR "workspaceId" = $2::uuid)`,
    [now.toISOString(), scope.workspaceId ?? null],
  );
  return rows[0]?.fireAt ?? null;
}

export interface ScheduleFireRow {
  id: string;
  workspaceId: string;
  journeyId: string;
  triggerNodeId: string;
  occurrence: string;
  fireAt: Date;
  zones: string[];
  cursor: string | null;
  /** The trigger node's config in the journey's live version (null when that version has no such node). */
  config: unknown;
}

export interface ScheduleAudienceMember {
  customerId: string;
  timezone: string | null;
}

export type ScheduleBatchOutcome =
  { state: 'busy' } | { state: 'finished' } | { state: 'progress'; entered: number; done: boolean };

/**
 * Handles the next batch of one fire's audience under a row lock (SKIP LOCKED: two workers share a big fire
 * batch by batch and never handle one twice). `audience` narrows the segment's members by time zone in SQL
 * (customer-local fires: the fire's zones, plus customers without a zone when `withoutZone`, plus zones
 * outside `knownZones` for the caller to decide on); `enter` turns the page into entry events.
 */
export async function fanOutScheduleFireBatch(
  db: Db,
  input: {
    fireId: string;
    batchSize: number;
    audience: (
      fire: ScheduleFireRow,
    ) => { segmentId: string; withoutZone: boolean; knownZones: readonly string[] } | { skip: string };
    enter: (fire: ScheduleFireRow, members: ScheduleAudienceMember[]) => EmitEventInput[];
  },
): Promise<ScheduleBatchOutcome> {
  return withTransaction(db, async (client) => {
    const fire = await lockFire(client, input.fireId);
    if (fire === 'busy') return { state: 'busy' as const };
    if (fire === null) return { state: 'finished' as const };
    const audience = input.audience(fire);
    if ('skip' in audience) {
      await finishFire(client, fire.id, 'SKIPPED', audience.skip);
      return { state: 'finished' as const };
    }
    const { rows: members } = await client.query<ScheduleAudienceMember>(
      `SELECT m."customerId", c.timezone
         FROM "SegmentMembership" m JOIN "Customer" c ON c.id = m."customerId"
        WHERE m."segmentId" = $1::uuid AND m."inSegment" AND c."workspaceId" = $2::uuid
          AND ($3::uuid IS NULL OR m."customerId" > $3::uuid)
          AND (cardinality($4::text[]) = 0 OR c.timezone = ANY($4::text[])
               OR ($5::boolean AND c.timezone IS NULL)
               OR (c.timezone IS NOT NULL AND NOT c.timezone = ANY($6::text[])))
        ORDER BY m."customerId" LIMIT $7`,
      [
        audience.segmentId,
        fire.workspaceId,
        fire.cursor,
        fire.zones,
        audience.withoutZone,
        audience.knownZones,
        input.batchSize,
      ],
    );
    const events = input.enter(fire, members);
    const { eventIds } = await emitEvent(client, events);
    const entered = eventIds.filter((id) => id !== null).length;
    const done = members.length < input.batchSize;
    await client.query(
      `UPDATE "JourneyScheduleFire" SET cursor = COALESCE($2::uuid, cursor), entered = entered + $3,
              status = CASE WHEN $4 THEN 'DONE'::"ScheduleFireStatus" ELSE status END,
              "finishedAt" = CASE WHEN $4 THEN now() ELSE "finishedAt" END
        WHERE id = $1::uuid`,
      [fire.id, members.at(-1)?.customerId ?? null, entered, done],
    );
    return { state: 'progress' as const, entered, done };
  });
}

async function lockFire(client: pg.ClientBase, fireId: string): Promise<ScheduleFireRow | 'busy' | null> {
  const { rows } = await client.query<ScheduleFireRow & { status: string }>(
    `SELECT f.id, f."workspaceId", f."journeyId", f."triggerNodeId", f.occurrence, f."fireAt", f.zones, f.cursor, f.status,
            v.definition->'nodes'->f."triggerNodeId"->'config' AS config
       FROM "JourneyScheduleFire" f
       LEFT JOIN "Journey" j ON j.id = f."journeyId" AND j.status = 'ACTIVE'
       LEFT JOIN "JourneyVersion" v ON v.id = j."activeVersionId"
      WHERE f.id = $1::uuid
      FOR UPDATE OF f SKIP LOCKED`,
    [fireId],
  );
  const row = rows[0];
  if (!row) {
    const exists = await client.query('SELECT 1 FROM "JourneyScheduleFire" WHERE id = $1::uuid', [fireId]);
    return exists.rowCount ? 'busy' : null;
  }
  if (row.status !== 'PENDING') return null;
  const { status: _status, ...fire } = row;
  return fire;
}

async function finishFire(
  client: pg.ClientBase,
  fireId: string,
  status: 'DONE' | 'SKIPPED',
  reason: string | null,
) {
  await client.query(
    `UPDATE "JourneyScheduleFire" SET status = $2::"ScheduleFireStatus", "skipReason" = $3, "finishedAt" = now() WHERE id = $1::uuid`,
    [fireId, status, reason],
  );
}

import { compileSegmentMembers, type SegmentDefinition } from '@nudgeflow/segments';
import { poolOf, type Db } from '../client';
import { SEGMENT_ENTERED, SEGMENT_EXITED } from './segments';

/**
 * What the segment builder shows beside a definition: a sample of who matches (evaluated live, so it works
 * for unsaved drafts) and how many members a saved segment had day by day.
 */

export interface SegmentSampleMember {
  id: string;
  userId: string | null;
  email: string | null;
  country: string | null;
  lifecycleStage: string;
  lastSeenAt: Date;
}

/** Up to `limit` customers matching `definition` right now, in customer id order. */
export async function sampleSegmentDefinition(
  db: Db,
  workspaceId: string,
  definition: SegmentDefinition,
  limit = 10,
  now = new Date(),
): Promise<SegmentSampleMember[]> {
  const query = compileSegmentMembers(workspaceId, definition, now, { limit });
  const ids = (await poolOf(db).query<{ customerId: string }>(query.text, query.values)).rows.map(
    (row) => row.customerId,
  );
  if (ids.length === 0) return [];
  const customers = await db.customer.findMany({
    where: { workspaceId, id: { in: ids } },
    select: { id: true, userId: true, email: true, country: true, lifecycleStage: true, lastSeenAt: true },
    orderBy: { id: 'asc' },
  });
  return customers;
}

/**
 * Members at the end of each of the last `days` days (UTC), from the `Segment Entered` / `Segment Exited`
 * events every membership change appends: the event log keeps every entry and exit, while
 * SegmentMembership keeps only the latest one per customer.
 */
export async function segmentMembershipHistory(
  db: Db,
  workspaceId: string,
  segmentId: string,
  days = 30,
  now = new Date(),
): Promise<{ day: string; members: number }[]> {
  const result = await poolOf(db).query<{ day: string; members: number }>(
    `WITH days AS (
       SELECT generate_series(date_trunc('day', $3::timestamptz AT TIME ZONE 'UTC') - ($4::int - 1) * interval '1 day',
                              date_trunc('day', $3::timestamptz AT TIME ZONE 'UTC'), interval '1 day') AS day
     ), changes AS (
       SELECT e."timestamp" AT TIME ZONE 'UTC' AS at, CASE WHEN e."name" = $5 THEN 1 ELSE -1 END AS delta
         FROM "Event" e
        WHERE e."workspaceId" = $1::uuid AND e."name" IN ($5, $6) AND e."properties"->>'segmentId' = $2::text
     )
     SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
            COALESCE((SELECT sum(delta) FROM changes WHERE changes.at < d.day + interval '1 day'), 0)::int AS members
       FROM days d ORDER BY d.day`,
    [
      workspaceId,
      segmentId,
      now.toISOString(),
      Math.max(1, Math.min(365, days)),
      SEGMENT_ENTERED,
      SEGMENT_EXITED,
    ],
  );
  return result.rows;
}

import { type CountComparison } from '../conditions/event';
import type { SqlParams } from './params';

/**
 * Leaves of an audience query (counts, listings, recomputation over a whole workspace). Instead of one
 * correlated probe per customer — a million index lookups for a million customers — each leaf that reads
 * another table becomes one aggregate over that table's rows for the workspace, LEFT JOINed to the
 * customers, and the condition tests the joined columns. Postgres hashes each aggregate once, and the
 * tests still work under OR and NOT (where it cannot turn an EXISTS into a join itself).
 */
export interface AudienceJoins {
  /** Placeholder of the workspace id parameter. */
  workspace: string;
  joins: string[];
}

function alias(audience: AudienceJoins): string {
  return `nf_j${audience.joins.length + 1}`;
}

const COUNT_SQL = { eq: '=', gte: '>=', gt: '>', lte: '<=', lt: '<' } as const;

/** `count(*)` of matching events per customer, compared. `conditions` filter `e` (the Event row). */
export function eventCountLeaf(audience: AudienceJoins, conditions: string[], count: CountComparison): string {
  const a = alias(audience);
  audience.joins.push(
    `LEFT JOIN (SELECT e."customerId", count(*) AS n FROM "Event" e WHERE e."workspaceId" = ${audience.workspace} AND ` +
      `${conditions.join(' AND ')} GROUP BY e."customerId") ${a} ON ${a}."customerId" = c."id"`,
  );
  return `(COALESCE(${a}.n, 0) ${COUNT_SQL[count.op]} ${count.value})`;
}

/** The latest matching event per customer, compared strictly with `at`; never matched = false. */
export function lastEventLeaf(audience: AudienceJoins, conditions: string[], op: 'before' | 'after', at: string): string {
  const a = alias(audience);
  audience.joins.push(
    `LEFT JOIN (SELECT e."customerId", max(e."timestamp") AS last FROM "Event" e WHERE e."workspaceId" = ${audience.workspace} AND ` +
      `${conditions.join(' AND ')} GROUP BY e."customerId") ${a} ON ${a}."customerId" = c."id"`,
  );
  return `COALESCE(${a}.last ${op === 'before' ? '<' : '>'} ${at}, false)`;
}

/** Whether the customer has at least one row of `table` (alias `r`) matching `conditions`. */
export function existsLeaf(audience: AudienceJoins, table: string, conditions: string[]): string {
  const a = alias(audience);
  audience.joins.push(
    `LEFT JOIN (SELECT DISTINCT r."customerId" FROM "${table}" r WHERE r."workspaceId" = ${audience.workspace}` +
      `${conditions.map((condition) => ` AND ${condition}`).join('')}) ${a} ON ${a}."customerId" = c."id"`,
  );
  return `(${a}."customerId" IS NOT NULL)`;
}

/** The customer's effective subscription to a topic: their choice, else the topic's default; unknown = no. */
export function topicLeaf(audience: AudienceJoins, params: SqlParams, topic: string): string {
  const t = alias(audience);
  audience.joins.push(
    `LEFT JOIN (SELECT t."id", t."defaultSubscribed" FROM "Topic" t WHERE t."workspaceId" = ${audience.workspace} ` +
      `AND t."key" = ${params.add(topic, 'text')}) ${t} ON true`,
  );
  const s = alias(audience);
  audience.joins.push(`LEFT JOIN "TopicSubscription" ${s} ON ${s}."topicId" = ${t}."id" AND ${s}."customerId" = c."id"`);
  return `((NOT c."unsubscribedAll") AND COALESCE(${s}."subscribed", ${t}."defaultSubscribed", false))`;
}

export function membershipLeaf(audience: AudienceJoins, params: SqlParams, segmentId: string): string {
  const a = alias(audience);
  audience.joins.push(
    `LEFT JOIN "SegmentMembership" ${a} ON ${a}."segmentId" = ${params.add(segmentId, 'uuid')} AND ${a}."customerId" = c."id"`,
  );
  return `COALESCE(${a}."inSegment", false)`;
}

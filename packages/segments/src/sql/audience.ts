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

/**
 * Joins the customers that are in a set and returns the test for membership of it, written so that at the
 * top level Postgres sees through it: `IS NOT NULL` on the joined key turns the LEFT JOIN into an inner
 * join and `IS NULL` into an anti-join, with row estimates to match. (Testing a COALESCEd count instead
 * hides both, and the planner then hashes the wrong side.)
 */
function joinSet(audience: AudienceJoins, set: string, member: boolean): string {
  const a = alias(audience);
  audience.joins.push(`LEFT JOIN (${set}) ${a} ON ${a}."customerId" = c."id"`);
  return `(${a}."customerId" ${member ? 'IS NOT NULL' : 'IS NULL'})`;
}

/**
 * Matching events per customer, compared. A comparison that holds for zero events ("fewer than 3") is
 * written as "not among the customers for whom it fails", so only customers with events are aggregated.
 */
export function eventCountLeaf(
  audience: AudienceJoins,
  conditions: string[],
  count: CountComparison,
): string {
  const holdsAtZero =
    count.op === 'lt'
      ? count.value > 0
      : count.op === 'lte' ||
        (count.op === 'eq' && count.value === 0) ||
        (count.op === 'gte' && count.value === 0);
  const comparison = `count(*) ${COUNT_SQL[count.op]} ${count.value}`;
  const events = `SELECT e."customerId" FROM "Event" e WHERE e."workspaceId" = ${audience.workspace} AND ${conditions.join(' AND ')} GROUP BY e."customerId"`;
  if (count.op === 'gte' && count.value <= 1) {
    return count.value === 0
      ? `(${joinSet(audience, events, true)} OR true)`
      : joinSet(audience, events, true);
  }
  return holdsAtZero
    ? joinSet(audience, `${events} HAVING NOT (${comparison})`, false)
    : joinSet(audience, `${events} HAVING ${comparison}`, true);
}

/** The latest matching event per customer, compared strictly with `at`; never matched = false. */
export function lastEventLeaf(
  audience: AudienceJoins,
  conditions: string[],
  op: 'before' | 'after',
  at: string,
): string {
  const events = `SELECT e."customerId" FROM "Event" e WHERE e."workspaceId" = ${audience.workspace} AND ${conditions.join(' AND ')}`;
  return op === 'after'
    ? joinSet(audience, `${events} AND e."timestamp" > ${at} GROUP BY e."customerId"`, true)
    : joinSet(audience, `${events} GROUP BY e."customerId" HAVING max(e."timestamp") < ${at}`, true);
}

/** Whether the customer has at least one row of `table` (alias `r`) matching `conditions`. */
export function existsLeaf(audience: AudienceJoins, table: string, conditions: string[]): string {
  return joinSet(
    audience,
    `SELECT r."customerId" FROM "${table}" r WHERE r."workspaceId" = ${audience.workspace}` +
      `${conditions.map((condition) => ` AND ${condition}`).join('')} GROUP BY r."customerId"`,
    true,
  );
}

/** The customer's effective subscription to a topic: their choice, else the topic's default; unknown = no. */
export function topicLeaf(audience: AudienceJoins, params: SqlParams, topic: string): string {
  const t = alias(audience);
  audience.joins.push(
    `LEFT JOIN (SELECT t."id", t."defaultSubscribed" FROM "Topic" t WHERE t."workspaceId" = ${audience.workspace} ` +
      `AND t."key" = ${params.add(topic, 'text')}) ${t} ON true`,
  );
  const s = alias(audience);
  audience.joins.push(
    `LEFT JOIN "TopicSubscription" ${s} ON ${s}."topicId" = ${t}."id" AND ${s}."customerId" = c."id"`,
  );
  return `((NOT c."unsubscribedAll") AND COALESCE(${s}."subscribed", ${t}."defaultSubscribed", false))`;
}

export function membershipLeaf(audience: AudienceJoins, params: SqlParams, segmentId: string): string {
  const a = alias(audience);
  audience.joins.push(
    `LEFT JOIN "SegmentMembership" ${a} ON ${a}."segmentId" = ${params.add(segmentId, 'uuid')} AND ${a}."customerId" = c."id"`,
  );
  return `COALESCE(${a}."inSegment", false)`;
}

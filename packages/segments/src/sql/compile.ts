import { countLimit, type CountComparison } from '../conditions/event';
import { ENGAGEMENT_COLUMN } from '../conditions/message';
import { resolveTime, type TimeReference } from '../conditions/time';
import type { SegmentCondition, SegmentDefinition } from '../definition';
import type { PropertyFilter } from '../property-filter';
import {
  eventCountLeaf,
  existsLeaf,
  lastEventLeaf,
  membershipLeaf,
  topicLeaf,
  type AudienceJoins,
} from './audience';
import { compilePropertyFilter, jsonPath } from './json-predicate';
import { SqlParams, type SqlQuery } from './params';

/**
 * Compiles segment definitions to parameterised Postgres over the Prisma schema. The customer row is always
 * aliased `c`, and a definition becomes a predicate on it in one of two shapes:
 * - for one customer, EXISTS / correlated subqueries that probe the per-customer indexes
 *   (`Event (customerId, name, timestamp)`, `MessageSend (customerId, …)`, `SegmentMembership` key);
 * - for a whole workspace (counts, listings, recomputation), the same tests over aggregates joined to the
 *   customers (audience.ts), since a million probes cost far more than one pass over the events.
 * Relative times are resolved against `now` here and sent as parameters: SQL never calls `now()`, so
 * results are reproducible and agree with the in-memory evaluator.
 */

const C = 'c';
const q = (column: string) => `${C}."${column}"`;

interface Context {
  params: SqlParams;
  now: Date;
  /** Set for audience queries (whole workspace): leaves become joined aggregates instead of probes. */
  audience?: AudienceJoins;
}

function time(reference: TimeReference, context: Context): string {
  return context.params.time(resolveTime(reference, context.now));
}

/** Conditions on an Event row `e`: name, time bound and property filters. */
function eventConditions(
  event: string,
  where: readonly PropertyFilter[],
  context: Context,
  timestamp?: { op: '>=' | '>'; at: string },
): string[] {
  const parts = [`e."name" = ${context.params.add(event, 'text')}`];
  if (timestamp) parts.push(`e."timestamp" ${timestamp.op} ${timestamp.at}`);
  for (const filter of where) {
    parts.push(
      compilePropertyFilter(
        jsonPath(`e."properties"`, filter.path.split('.'), context.params),
        filter,
        context.params,
      ),
    );
  }
  return parts;
}

function eventSubquery(
  event: string,
  where: readonly PropertyFilter[],
  context: Context,
  timestamp?: { op: '>=' | '>'; at: string },
): string {
  return `SELECT 1 FROM "Event" e WHERE e."customerId" = ${q('id')} AND ${eventConditions(event, where, context, timestamp).join(' AND ')}`;
}

function countPredicate(subquery: string, count: CountComparison): string {
  if ((count.op === 'gte' && count.value <= 1) || (count.op === 'gt' && count.value === 0)) {
    // "At least 0" holds for everyone; the subquery stays so its parameters are still used (Postgres folds it).
    return count.op === 'gte' && count.value === 0
      ? `(EXISTS (${subquery}) OR true)`
      : `EXISTS (${subquery})`;
  }
  if (
    (count.op === 'eq' && count.value === 0) ||
    (count.op === 'lt' && count.value === 1) ||
    (count.op === 'lte' && count.value === 0)
  ) {
    return `(NOT EXISTS (${subquery}))`;
  }
  if (count.op === 'lt' && count.value === 0) return `(EXISTS (${subquery}) AND false)`;
  const operator = { eq: '=', gte: '>=', gt: '>', lte: '<=', lt: '<' }[count.op];
  // Counting stops at the number that settles the comparison, so a customer with 10,000 page views costs
  // no more than one with 4 when the question is "at least 3".
  return `((SELECT count(*) FROM (${subquery} LIMIT ${countLimit(count)}) nf_n) ${operator} ${count.value})`;
}

function traitValue(path: string, context: Context): string {
  const [root = '', ...rest] = path.split('.');
  // Columns are read as jsonb so that one PropertyFilter compiler serves columns and the traits document
  // alike; a NULL column reads as JSON null, as it does in memory. `root` is checked against the allow-list.
  const base = root === 'traits' ? q('traits') : `COALESCE(to_jsonb(${q(root)}), 'null'::jsonb)`;
  return jsonPath(base, rest, context.params);
}

function reachable(channel: 'email' | 'sms' | 'push'): string {
  if (channel === 'email')
    return `(${q('email')} IS NOT NULL AND ${q('email')} <> '' AND ${q('emailOptIn')})`;
  if (channel === 'sms') return `(${q('phone')} IS NOT NULL AND ${q('phone')} <> '' AND ${q('smsOptIn')})`;
  return `EXISTS (SELECT 1 FROM "PushSubscription" ps WHERE ps."customerId" = ${q('id')})`;
}

export function compileCondition(condition: SegmentCondition, context: Context): string {
  const { params } = context;
  switch (condition.kind) {
    case 'and':
      return condition.conditions.length === 0
        ? 'true'
        : `(${condition.conditions.map((child) => compileCondition(child, context)).join(' AND ')})`;
    case 'or':
      return condition.conditions.length === 0
        ? 'false'
        : `(${condition.conditions.map((child) => compileCondition(child, context)).join(' OR ')})`;
    case 'not':
      return `(NOT ${compileCondition(condition.condition, context)})`;
    case 'trait':
      return compilePropertyFilter(traitValue(condition.path, context), condition, params);
    case 'profile_time':
      return `(${q(condition.field)} ${condition.op === 'before' ? '<' : '>'} ${time(condition.at, context)})`;
    case 'performed': {
      const since = condition.since ? { op: '>=' as const, at: time(condition.since, context) } : undefined;
      if (context.audience) {
        return eventCountLeaf(
          context.audience,
          eventConditions(condition.event, condition.where, context, since),
          condition.count,
        );
      }
      return countPredicate(eventSubquery(condition.event, condition.where, context, since), condition.count);
    }
    case 'not_performed': {
      const since = condition.since ? { op: '>=' as const, at: time(condition.since, context) } : undefined;
      if (context.audience) {
        return eventCountLeaf(
          context.audience,
          eventConditions(condition.event, condition.where, context, since),
          { op: 'eq', value: 0 },
        );
      }
      return `(NOT EXISTS (${eventSubquery(condition.event, condition.where, context, since)}))`;
    }
    case 'last_performed': {
      const at = time(condition.at, context);
      if (context.audience) {
        return lastEventLeaf(
          context.audience,
          eventConditions(condition.event, condition.where, context),
          condition.op,
          at,
        );
      }
      if (condition.op === 'after') {
        return `EXISTS (${eventSubquery(condition.event, condition.where, context, { op: '>', at })})`;
      }
      return (
        `(EXISTS (${eventSubquery(condition.event, condition.where, context)}) AND ` +
        `NOT EXISTS (${eventSubquery(condition.event, condition.where, context, { op: '>=', at })}))`
      );
    }
    case 'message': {
      const column = `m."${ENGAGEMENT_COLUMN[condition.engagement]}"`;
      const parts = [`${column} IS NOT NULL`];
      if (condition.since) parts.push(`${column} >= ${time(condition.since, context)}`);
      if (condition.channel !== undefined)
        parts.push(`m."channel" = ${params.add(condition.channel, 'text')}`);
      if (condition.journeyId !== undefined)
        parts.push(`m."journeyId" = ${params.add(condition.journeyId, 'uuid')}`);
      if (context.audience)
        return existsLeaf(
          context.audience,
          'MessageSend',
          parts.map((part) => part.replaceAll('m."', 'r."')),
        );
      return `EXISTS (SELECT 1 FROM "MessageSend" m WHERE m."customerId" = ${q('id')} AND ${parts.join(' AND ')})`;
    }
    case 'reachable': {
      const push = () =>
        context.audience ? existsLeaf(context.audience, 'PushSubscription', []) : reachable('push');
      const channels =
        condition.channel === 'any'
          ? [reachable('email'), reachable('sms'), push()]
          : [condition.channel === 'push' ? push() : reachable(condition.channel)];
      return `((NOT ${q('unsubscribedAll')}) AND (${channels.join(' OR ')}))`;
    }
    case 'topic': {
      if (context.audience) {
        const subscribed = topicLeaf(context.audience, params, condition.topic);
        return condition.subscribed ? subscribed : `(NOT ${subscribed})`;
      }
      const subscribed =
        `((NOT ${q('unsubscribedAll')}) AND EXISTS (SELECT 1 FROM "Topic" t LEFT JOIN "TopicSubscription" ts ` +
        `ON ts."topicId" = t."id" AND ts."customerId" = ${q('id')} ` +
        `WHERE t."workspaceId" = ${q('workspaceId')} AND t."key" = ${params.add(condition.topic, 'text')} ` +
        `AND COALESCE(ts."subscribed", t."defaultSubscribed")))`;
      return condition.subscribed ? subscribed : `(NOT ${subscribed})`;
    }
    case 'in_segment':
      if (context.audience) return membershipLeaf(context.audience, params, condition.segmentId);
      return (
        `EXISTS (SELECT 1 FROM "SegmentMembership" sm WHERE sm."segmentId" = ${params.add(condition.segmentId, 'uuid')} ` +
        `AND sm."customerId" = ${q('id')} AND sm."inSegment")`
      );
    case 'random_bucket': {
      // Same formula as `randomBucket()`: the first 32 bits of md5(salt:id), unsigned, mod 100.
      const bucket = `(('x' || substr(md5(${params.add(`${condition.salt}:`, 'text')} || ${q('id')}::text), 1, 8))::bit(32)::bigint % 100)`;
      return `(${bucket} >= ${condition.from} AND ${bucket} < ${condition.to})`;
    }
  }
}

/** The membership predicate for one customer row `c` (correlated probes), adding its values to `params`. */
export function compileSegmentPredicate(definition: SegmentDefinition, params: SqlParams, now: Date): string {
  return compileCondition(definition.condition, { params, now });
}

/**
 * The membership test over all of a workspace's customers: `joins` go after `FROM "Customer" c`, and
 * `predicate` into the WHERE clause (beside `c."workspaceId" = <workspace>`).
 */
export function compileSegmentAudience(
  definition: SegmentDefinition,
  params: SqlParams,
  now: Date,
  workspace: string,
): { joins: string; predicate: string } {
  const audience: AudienceJoins = { workspace, joins: [] };
  const predicate = compileCondition(definition.condition, { params, now, audience });
  return { joins: audience.joins.join('\n'), predicate };
}

/** `SELECT count(*)::int AS count` of the workspace's customers in the segment. */
export function compileSegmentCount(workspaceId: string, definition: SegmentDefinition, now: Date): SqlQuery {
  const params = new SqlParams();
  const workspace = params.add(workspaceId, 'uuid');
  const { joins, predicate } = compileSegmentAudience(definition, params, now, workspace);
  return {
    text: `SELECT count(*)::int AS count FROM "Customer" c ${joins} WHERE c."workspaceId" = ${workspace} AND ${predicate}`,
    values: params.values,
  };
}

/** One page of member ids in id order, after `afterCustomerId` (keyset pagination: no OFFSET scans). */
export function compileSegmentMembers(
  workspaceId: string,
  definition: SegmentDefinition,
  now: Date,
  page: { limit: number; afterCustomerId?: string | null },
): SqlQuery {
  const params = new SqlParams();
  const workspace = params.add(workspaceId, 'uuid');
  const after = page.afterCustomerId ? ` AND c."id" > ${params.add(page.afterCustomerId, 'uuid')}` : '';
  const { joins, predicate } = compileSegmentAudience(definition, params, now, workspace);
  const limit = params.add(Math.max(1, Math.min(1000, Math.trunc(page.limit))), 'int');
  return {
    text:
      `SELECT c."id" AS "customerId" FROM "Customer" c ${joins} WHERE c."workspaceId" = ${workspace}${after} AND ${predicate} ` +
      `ORDER BY c."id" LIMIT ${limit}`,
    values: params.values,
  };
}

/** `SELECT member` (one row, or none if the customer is not in the workspace) for one customer. */
export function compileSegmentMembership(
  workspaceId: string,
  customerId: string,
  definition: SegmentDefinition,
  now: Date,
): SqlQuery {
  const params = new SqlParams();
  const customer = params.add(customerId, 'uuid');
  const workspace = params.add(workspaceId, 'uuid');
  const predicate = compileSegmentPredicate(definition, params, now);
  return {
    text: `SELECT ${predicate} AS member FROM "Customer" c WHERE c."id" = ${customer} AND c."workspaceId" = ${workspace}`,
    values: params.values,
  };
}

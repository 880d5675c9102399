import {
  describeSegmentNeeds,
  evaluateSegment,
  orderByReferences,
  SegmentDefinition,
  SqlParams,
  type SegmentFacts,
  type SegmentNeeds,
  type SegmentTopicFact,
} from '@nudgeflow/segments';
import { poolOf, type Db } from '../client';
import { withTransaction } from '../transaction';
import { emitSegmentChanges, type SegmentChange } from './segments';

/**
 * The real-time path: on each event, re-evaluate one customer's memberships of the workspace's segments.
 * One query loads exactly the facts the definitions read (events by name from the earliest window start,
 * through `Event (customerId, name, timestamp)`; messages, push subscriptions, topics, memberships only when
 * read), the pure evaluator decides, and one statement writes only the memberships that changed.
 */

interface ActiveSegment {
  id: string;
  definition: SegmentDefinition;
}

// Parsing definitions on every event would dominate the cost of evaluating them; a definition only
// changes with the row's updatedAt.
const parsedDefinitions = new Map<string, { updatedAt: number; definition: SegmentDefinition }>();

async function activeSegments(db: Db, workspaceId: string): Promise<ActiveSegment[]> {
  const rows = await db.segment.findMany({
    where: { workspaceId, archivedAt: null },
    select: { id: true, definition: true, updatedAt: true },
  });
  return rows.map((row) => {
    const cached = parsedDefinitions.get(row.id);
    if (cached && cached.updatedAt === row.updatedAt.getTime())
      return { id: row.id, definition: cached.definition };
    const definition = SegmentDefinition.parse(row.definition);
    parsedDefinitions.set(row.id, { updatedAt: row.updatedAt.getTime(), definition });
    return { id: row.id, definition };
  });
}

const utc = (value: string | null): Date | null =>
  value === null ? null : new Date(value.endsWith('Z') ? value : `${value}Z`);

interface FactsRow {
  customer: Record<string, unknown> | null;
  events: { name: string; timestamp: string; properties: unknown }[] | null;
  messages:
    | {
        channel: string;
        journeyId: string | null;
        sentAt: string | null;
        openedAt: string | null;
        clickedAt: string | null;
        convertedAt: string | null;
      }[]
    | null;
  push: number | null;
  topics: { key: string; defaultSubscribed: boolean; subscribed: boolean | null }[] | null;
  memberships: { segmentId: string; inSegment: boolean }[] | null;
}

/**
 * Loads what `needs` asks for about one customer in one round trip, or null if the customer is not in the
 * workspace. Timestamps come back through JSON without a zone; they are UTC (Prisma's convention).
 */
export async function loadSegmentFacts(
  db: Db,
  workspaceId: string,
  customerId: string,
  needs: SegmentNeeds,
): Promise<SegmentFacts | null> {
  const eventNeeds = [...needs.events].map(([name, since]) => ({
    name,
    since: since?.toISOString() ?? null,
  }));
  const none = `NULL`;
  const params = new SqlParams();
  params.add(customerId, 'uuid');
  params.add(workspaceId, 'uuid');
  const text = `
    SELECT
      (SELECT to_jsonb(c) - 'workspaceId' - 'updatedAt' FROM "Customer" c WHERE c."id" = $1::uuid AND c."workspaceId" = $2::uuid) AS customer,
      ${
        eventNeeds.length === 0
          ? none
          : `(SELECT jsonb_agg(jsonb_build_object('name', e."name", 'timestamp', e."timestamp", 'properties', e."properties"))
               FROM jsonb_to_recordset(${params.add(JSON.stringify(eventNeeds), 'jsonb')}) AS n(name text, since timestamp)
               JOIN "Event" e ON e."customerId" = $1::uuid AND e."name" = n.name AND (n.since IS NULL OR e."timestamp" >= n.since))`
      } AS events,
      ${
        needs.messages
          ? `(SELECT jsonb_agg(jsonb_build_object('channel', m."channel", 'journeyId', m."journeyId", 'sentAt', m."sentAt",
                'openedAt', m."openedAt", 'clickedAt', m."clickedAt", 'convertedAt', m."convertedAt"))
               FROM "MessageSend" m WHERE m."customerId" = $1::uuid)`
          : none
      } AS messages,
      ${needs.pushSubscriptions ? `(SELECT count(*)::int FROM "PushSubscription" ps WHERE ps."customerId" = $1::uuid)` : none} AS push,
      ${
        needs.topics
          ? `(SELECT jsonb_agg(jsonb_build_object('key', t."key", 'defaultSubscribed', t."defaultSubscribed", 'subscribed', ts."subscribed"))
               FROM "Topic" t LEFT JOIN "TopicSubscription" ts ON ts."topicId" = t."id" AND ts."customerId" = $1::uuid
              WHERE t."workspaceId" = $2::uuid)`
          : none
      } AS topics,
      ${
        needs.segmentIds.size > 0
          ? `(SELECT jsonb_agg(jsonb_build_object('segmentId', sm."segmentId", 'inSegment', sm."inSegment"))
               FROM "SegmentMembership" sm WHERE sm."customerId" = $1::uuid AND sm."segmentId" IN (SELECT jsonb_array_elements_text(${params.add(JSON.stringify([...needs.segmentIds]), 'jsonb')})::uuid))`
          : none
      } AS memberships`;
  const result = await poolOf(db).query<FactsRow>(text, params.values);
  const row = result.rows[0];
  if (!row?.customer) return null;
  const c = row.customer;
  return {
    customer: {
      ...(c as unknown as SegmentFacts['customer']),
      firstSeenAt: utc(c.firstSeenAt as string)!,
      lastSeenAt: utc(c.lastSeenAt as string)!,
      createdAt: utc(c.createdAt as string)!,
    },
    events: (row.events ?? []).map((e) => ({
      name: e.name,
      timestamp: utc(e.timestamp)!,
      properties: e.properties,
    })),
    messages: (row.messages ?? []).map((m) => ({
      channel: m.channel,
      journeyId: m.journeyId,
      sentAt: utc(m.sentAt),
      openedAt: utc(m.openedAt),
      clickedAt: utc(m.clickedAt),
      convertedAt: utc(m.convertedAt),
    })),
    pushSubscriptionCount: row.push ?? 0,
    topics: new Map<string, SegmentTopicFact>(
      (row.topics ?? []).map((t) => [
        t.key,
        { defaultSubscribed: t.defaultSubscribed, subscribed: t.subscribed },
      ]),
    ),
    memberships: new Map((row.memberships ?? []).map((m) => [m.segmentId, m.inSegment])),
  };
}

/**
 * Re-evaluates one customer against every active segment of the workspace and records the changes.
 * Segments are evaluated after the segments they reference, with memberships updated in memory as they
 * go, so "VIP" and "lapsed VIP" settle on the same event. The write is conditional on the stored state
 * (`IS DISTINCT FROM`), so when the sweep and an event race, each change is recorded — and emitted — once.
 */
export async function evaluateCustomerSegments(
  db: Db,
  workspaceId: string,
  customerId: string,
  now: Date,
): Promise<SegmentChange[]> {
  const segments = orderByReferences(await activeSegments(db, workspaceId));
  if (segments.length === 0) return [];
  const needs = describeSegmentNeeds(
    segments.map((segment) => segment.definition),
    now,
  );
  for (const segment of segments) needs.segmentIds.add(segment.id);
  const facts = await loadSegmentFacts(db, workspaceId, customerId, needs);
  if (!facts) return [];
  const memberships = new Map(facts.memberships);
  const decisions: { id: string; member: boolean }[] = [];
  for (const segment of segments) {
    const member = evaluateSegment(segment.definition, { ...facts, memberships }, now);
    if (member !== (memberships.get(segment.id) === true)) decisions.push({ id: segment.id, member });
    memberships.set(segment.id, member);
  }
  if (decisions.length === 0) return [];
  return withTransaction(db, async (client) => {
    const result = await client.query<{ segmentId: string; inSegment: boolean }>(
      `INSERT INTO "SegmentMembership" ("segmentId", "customerId", "inSegment", "enteredAt", "exitedAt")
       SELECT d.id, $1::uuid, d.member, $2::timestamp, CASE WHEN d.member THEN NULL ELSE $2::timestamp END
         FROM jsonb_to_recordset($3::jsonb) AS d(id uuid, member boolean)
       ON CONFLICT ("segmentId", "customerId") DO UPDATE
         SET "inSegment" = EXCLUDED."inSegment",
             "enteredAt" = CASE WHEN EXCLUDED."inSegment" THEN EXCLUDED."enteredAt" ELSE "SegmentMembership"."enteredAt" END,
             "exitedAt" = EXCLUDED."exitedAt"
         WHERE "SegmentMembership"."inSegment" IS DISTINCT FROM EXCLUDED."inSegment"
       RETURNING "segmentId", "inSegment"`,
      [customerId, now.toISOString(), JSON.stringify(decisions)],
    );
    const changes = result.rows.map((row) => ({
      workspaceId,
      segmentId: row.segmentId,
      customerId,
      entered: row.inSegment,
      at: now,
    }));
    await emitSegmentChanges(client, changes);
    return changes;
  });
}

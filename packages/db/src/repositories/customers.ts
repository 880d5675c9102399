import { identityOf, LAPSED_AFTER_DAYS, type ProfileState } from '@nudgeflow/ingest';
import { compileSegmentPredicate, SqlParams, type ReachableCondition } from '@nudgeflow/segments';
import type pg from 'pg';
import { poolOf, type Db } from '../client';
import type { Prisma } from '../generated/prisma/client';

/** Fields of a customer profile the UI and the export may show. */
export const customerProfileSelect = {
  id: true,
  userId: true,
  traits: true,
  email: true,
  emailOptIn: true,
  phone: true,
  smsOptIn: true,
  unsubscribedAll: true,
  timezone: true,
  locale: true,
  country: true,
  region: true,
  deviceType: true,
  platform: true,
  source: true,
  lifecycleStage: true,
  tags: true,
  orderCount: true,
  firstSeenAt: true,
  lastSeenAt: true,
  createdAt: true,
} satisfies Prisma.CustomerSelect;
export type CustomerProfile = Prisma.CustomerGetPayload<{ select: typeof customerProfileSelect }>;

/** A profile as ingestion reads and updates it: ingest's ProfileState plus the row id. */
type ProfileRow = ProfileState & { id: string };

/** Locks the customers (in id order, so concurrent requests cannot deadlock) and reads their profiles. */
export async function loadProfilesForUpdate(
  client: pg.PoolClient,
  customerIds: string[],
): Promise<Map<string, ProfileState>> {
  const profiles = new Map<string, ProfileState>();
  if (customerIds.length === 0) return profiles;
  const result = await client.query<ProfileRow>(
    `SELECT id, "userId", traits, email, "emailOptIn", phone, "smsOptIn", "unsubscribedAll", timezone, locale, country,
            region, "deviceType", platform, source, "lifecycleStage", tags, "orderCount", "firstSeenAt", "lastSeenAt"
       FROM "Customer" WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [customerIds],
  );
  for (const { id, ...profile } of result.rows) profiles.set(id, profile);
  return profiles;
}

/** Writes whole profiles back in one statement. */
export async function writeProfiles(
  client: pg.PoolClient,
  rows: { id: string; profile: ProfileState }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof ProfileState>(key: K) => rows.map((row) => row.profile[key]);
  const iso = (key: 'firstSeenAt' | 'lastSeenAt') => rows.map((row) => row.profile[key].toISOString());
  await client.query(
    `UPDATE "Customer" c SET
        "userId" = v."userId", traits = v.traits, email = v.email, "emailOptIn" = v."emailOptIn", phone = v.phone,
        "smsOptIn" = v."smsOptIn", "unsubscribedAll" = v."unsubscribedAll", timezone = v.timezone, locale = v.locale,
        country = v.country, region = v.region, "deviceType" = v."deviceType", platform = v.platform, source = v.source,
        "lifecycleStage" = v."lifecycleStage", tags = ARRAY(SELECT jsonb_array_elements_text(v.tags)),
        "orderCount" = v."orderCount", "firstSeenAt" = v."firstSeenAt", "lastSeenAt" = v."lastSeenAt", "updatedAt" = $21
       FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::boolean[], $6::text[], $7::boolean[], $8::boolean[],
                   $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
                   $16::"LifecycleStage"[], $17::jsonb[], $18::int[], $19::timestamp(3)[], $20::timestamp(3)[])
            AS v(id, "userId", traits, email, "emailOptIn", phone, "smsOptIn", "unsubscribedAll", timezone, locale, country,
                 region, "deviceType", platform, source, "lifecycleStage", tags, "orderCount", "firstSeenAt", "lastSeenAt")
      WHERE c.id = v.id`,
    [
      rows.map((row) => row.id),
      col('userId'),
      rows.map((row) => JSON.stringify(row.profile.traits)),
      col('email'),
      col('emailOptIn'),
      col('phone'),
      col('smsOptIn'),
      col('unsubscribedAll'),
      col('timezone'),
      col('locale'),
      col('country'),
      col('region'),
      col('deviceType'),
      col('platform'),
      col('source'),
      col('lifecycleStage'),
      rows.map((row) => JSON.stringify(row.profile.tags)),
      col('orderCount'),
      iso('firstSeenAt'),
      iso('lastSeenAt'),
      now.toISOString(),
    ],
  );
}

/**
 * Moves everything an anonymous customer owns to the customer it turned out to be, then deletes it. Rows with
 * a per-customer unique key keep the known customer's version. The caller has locked both customers and
 * writes the merged profile afterwards.
 */
export async function mergeCustomerRows(
  client: pg.PoolClient,
  workspaceId: string,
  from: string,
  into: string,
): Promise<void> {
  const params = [from, into];
  await client.query(`UPDATE "CustomerIdentity" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(`UPDATE "Event" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(`UPDATE "OutboxEntry" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(`UPDATE "PushSubscription" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(`UPDATE "ConsentChange" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(`UPDATE "MessageSend" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(`UPDATE "InAppMessage" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(`UPDATE "IdentityRefusal" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(`UPDATE "JourneyRun" SET "customerId" = $2 WHERE "customerId" = $1`, params);
  await client.query(
    `UPDATE "TopicSubscription" t SET "customerId" = $2 WHERE "customerId" = $1
        AND NOT EXISTS (SELECT 1 FROM "TopicSubscription" k WHERE k."customerId" = $2 AND k."topicId" = t."topicId")`,
    params,
  );
  await client.query(
    `UPDATE "StockAlert" s SET "customerId" = $2 WHERE "customerId" = $1 AND "workspaceId" = $3
        AND NOT EXISTS (SELECT 1 FROM "StockAlert" k WHERE k."customerId" = $2 AND k."workspaceId" = $3 AND k."productId" = s."productId")`,
    [from, into, workspaceId],
  );
  // Memberships are re-evaluated for the merged customer by the dispatcher; the anonymous ones just go.
  await client.query(`DELETE FROM "Customer" WHERE id = $1`, [from]);
}

export function findCustomerById(db: Db, workspaceId: string, id: string): Promise<CustomerProfile | null> {
  return db.customer.findFirst({ where: { id, workspaceId }, select: customerProfileSelect });
}

/** The customer a userId or anonymousId names in a workspace. */
export async function findCustomerByIdentity(
  db: Db,
  workspaceId: string,
  identity: { userId?: string; anonymousId?: string },
): Promise<CustomerProfile | null> {
  const named = identityOf(identity);
  if (!named) return null;
  const row = await db.customerIdentity.findUnique({
    where: { workspaceId_kind_value: { workspaceId, ...named } },
    select: { customer: { select: customerProfileSelect } },
  });
  return row?.customer ?? null;
}

/** The customer's own time zone (IANA name as the SDK or identify reported it), or null when unknown. */
export async function findCustomerTimezone(
  db: Db,
  workspaceId: string,
  customerId: string,
): Promise<string | null> {
  const row = await db.customer.findFirst({
    where: { id: customerId, workspaceId },
    select: { timezone: true },
  });
  return row?.timezone ?? null;
}

export type LifecycleStageName = 'NEW' | 'ACTIVE' | 'REPEAT' | 'LAPSED';
export const LIFECYCLE_STAGES: readonly LifecycleStageName[] = ['NEW', 'ACTIVE', 'REPEAT', 'LAPSED'];

export interface CustomerListQuery {
  /** Part of an email (any case) or of a user id. */
  search?: string;
  /** Only current members of this segment of the workspace. */
  segmentId?: string;
  lifecycleStage?: LifecycleStageName;
  /** Country as stored on the profile (ISO code from identify or the SDK). */
  country?: string;
  /** Reachable for marketing on this channel, as the segment condition `reachable` defines it. */
  reachableOn?: ReachableCondition['channel'];
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

export interface CustomerPage {
  items: CustomerProfile[];
  /** Opaque; pass as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** The list's keyset: most recently seen first, id breaking ties (both descending, one index walk). */
function encodeCursor(row: { lastSeenAt: Date; id: string }): string {
  return `${row.lastSeenAt.toISOString()}_${row.id}`;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

export function isCustomerCursor(cursor: string): boolean {
  return CURSOR.test(cursor);
}

/**
 * Customers by most recently seen, filtered, one page at a time. Filters are plain column tests (indexed:
 * `(workspaceId, lastSeenAt, id)` walks the order, `(workspaceId, country)` and `(workspaceId,
 * lifecycleStage)` serve the selective filters), the segment filter probes `SegmentMembership`'s key, and
 * reachability is the segment language's own `reachable` predicate, so "reachable by email" means the same
 * here as in a segment.
 */
export async function listCustomers(
  db: Db,
  workspaceId: string,
  query: CustomerListQuery = {},
): Promise<CustomerPage> {
  const limit = Math.max(1, Math.min(query.limit ?? 50, 200));
  const params = new SqlParams();
  const where = [`c."workspaceId" = ${params.add(workspaceId, 'uuid')}`];
  const search = query.search?.trim();
  if (search) {
    const pattern = params.add(`%${search.replace(/[\\%_]/g, '\\$&')}%`, 'text');
    where.push(`(c."email" ILIKE ${pattern} OR c."userId" LIKE ${pattern})`);
  }
  if (query.segmentId) {
    where.push(
      `EXISTS (SELECT 1 FROM "SegmentMembership" sm JOIN "Segment" s ON s."id" = sm."segmentId" ` +
        `WHERE sm."segmentId" = ${params.add(query.segmentId, 'uuid')} AND sm."customerId" = c."id" ` +
        `AND sm."inSegment" AND s."workspaceId" = c."workspaceId")`,
    );
  }
  if (query.lifecycleStage) {
    where.push(`c."lifecycleStage" = ${params.add(query.lifecycleStage, '"LifecycleStage"')}`);
  }
  if (query.country) where.push(`c."country" = ${params.add(query.country, 'text')}`);
  if (query.reachableOn) {
    where.push(
      compileSegmentPredicate(
        { version: 1, condition: { kind: 'reachable', channel: query.reachableOn } },
        params,
        new Date(),
      ),
    );
  }
  const cursor = query.cursor ? CURSOR.exec(query.cursor) : null;
  if (cursor) {
    where.push(
      `(c."lastSeenAt", c."id") < (${params.add(cursor[1]!, 'timestamp')}, ${params.add(cursor[2]!, 'uuid')})`,
    );
  }
  const rows = await poolOf(db).query<{ id: string }>(
    `SELECT c."id" FROM "Customer" c WHERE ${where.join(' AND ')}
      ORDER BY c."lastSeenAt" DESC, c."id" DESC LIMIT ${params.add(limit + 1, 'int')}`,
    params.values,
  );
  const ids = rows.rows.map((row) => row.id);
  const pageIds = ids.slice(0, limit);
  const profiles = await db.customer.findMany({
    where: { id: { in: pageIds }, workspaceId },
    select: customerProfileSelect,
  });
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  const items = pageIds.map((id) => byId.get(id)).filter((item): item is CustomerProfile => Boolean(item));
  const last = items.at(-1);
  return { items, nextCursor: ids.length > limit && last ? encodeCursor(last) : null };
}

/** The countries the workspace's customers come from, for the list's filter. */
export async function listCustomerCountries(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.customer.findMany({
    where: { workspaceId, country: { not: null } },
    distinct: ['country'],
    select: { country: true },
    orderBy: { country: 'asc' },
    take: 300,
  });
  return rows.map((row) => row.country).filter((country): country is string => Boolean(country));
}

/** The customer's most recent events, newest first. */
export function listCustomerEvents(db: Db, customerId: string, limit = 50) {
  return db.event.findMany({
    where: { customerId },
    orderBy: { timestamp: 'desc' },
    take: Math.min(limit, 500),
    select: { id: true, messageId: true, type: true, name: true, properties: true, timestamp: true },
  });
}

/**
 * Lapsed is the one lifecycle stage that time alone produces (events keep every other stage current), so
 * the worker's scheduled sweep calls this. Returns the customers that became lapsed, so the caller can
 * re-evaluate their segment memberships (no event of theirs will).
 */
export async function markLapsedCustomers(
  db: Db,
  now: Date,
  options: { workspaceId?: string } = {},
): Promise<{ workspaceId: string; customerId: string }[]> {
  const lapsedBefore = new Date(now.getTime() - LAPSED_AFTER_DAYS * 24 * 60 * 60 * 1000);
  const rows = await db.$queryRaw<{ workspaceId: string; id: string }[]>`
    UPDATE "Customer" SET "lifecycleStage" = 'LAPSED', "updatedAt" = ${now}
    WHERE "lastSeenAt" < ${lapsedBefore} AND "lifecycleStage" <> 'LAPSED'
      AND (${options.workspaceId ?? null}::uuid IS NULL OR "workspaceId" = ${options.workspaceId ?? null}::uuid)
    RETURNING "workspaceId", "id"`;
  return rows.map((row) => ({ workspaceId: row.workspaceId, customerId: row.id }));
}

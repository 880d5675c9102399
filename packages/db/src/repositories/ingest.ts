import {
  applyMessageToProfile,
  identityKey,
  identityKeys,
  IdentityResolver,
  parseIdentityKey,
  userIdsWithoutIdentityRow,
  withoutProtectedTraits,
  type IdentityKind,
  type IngestMessage,
} from '@nudgeflow/ingest';
import type pg from 'pg';
import type { Db } from '../client';
import { withTransaction } from '../transaction';
import { loadProfilesForUpdate, mergeCustomerRows, writeProfiles } from './customers';
import { emitEvent, type EmitEventInput } from './events';

/**
 * Ingestion of Segment-spec messages: one Postgres transaction per request that resolves (and merges)
 * customers, inserts the events (deduplicated on messageId), updates profiles and consent, and writes one
 * outbox row per new event for the worker's dispatcher. The caller answers 200 only after this resolves.
 */
export interface IngestOptions {
  workspaceId: string;
  /** Country from a trusted proxy header. */
  headerCountry?: string | null;
  now?: Date;
}

export interface IngestResult {
  /** Events stored by this call. */
  inserted: number;
  /** Events whose messageId the workspace had already stored (or repeated within the request). */
  duplicates: number;
  /** Customers created by this call. */
  customersCreated: number;
  /** Anonymous customers merged into known ones by this call. */
  customersMerged: number;
}

const EVENT_TYPE: Record<IngestMessage['type'], NonNullable<EmitEventInput['type']>> = {
  track: 'TRACK',
  identify: 'IDENTIFY',
  page: 'PAGE',
  screen: 'SCREEN',
  group: 'GROUP',
  alias: 'ALIAS',
};

export async function ingestMessages(
  db: Db,
  messages: IngestMessage[],
  options: IngestOptions,
): Promise<IngestResult> {
  if (messages.length === 0) return { inserted: 0, duplicates: 0, customersCreated: 0, customersMerged: 0 };
  return withTransaction(db, (client) => ingestInTransaction(client, messages, options));
}

export async function ingestInTransaction(
  client: pg.PoolClient,
  messages: IngestMessage[],
  options: IngestOptions,
): Promise<IngestResult> {
  const { workspaceId } = options;
  const now = options.now ?? new Date();
  const keys = identityKeys(messages);

  // Requests that share an identity are serialised on it (in sorted order, so never in a deadlock): two
  // first-time events for the same anonymous id must not create two customers.
  await client.query(
    `SELECT pg_advisory_xact_lock(hashtextextended($1 || k, 0)) FROM unnest($2::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
    [workspaceId, keys],
  );
  const known = await client.query<{ kind: IdentityKind; value: string; customerId: string }>(
    `SELECT i.kind, i.value, i."customerId" FROM "CustomerIdentity" i
       JOIN unnest($2::"IdentityKind"[], $3::text[]) AS k(kind, value) ON i.kind = k.kind AND i.value = k.value
      WHERE i."workspaceId" = $1`,
    [workspaceId, ...unzipIdentities(keys.map(parseIdentityKey))],
  );
  // Customers created outside ingestion (imports, fixtures) may carry a userId without its identity row;
  // they are found by the column and get the row now, instead of a second customer for the same user.
  const missingUserIds = userIdsWithoutIdentityRow(keys, known.rows);
  const byColumn =
    missingUserIds.length === 0
      ? []
      : (
          await client.query<{ id: string; userId: string }>(
            `SELECT id, "userId" FROM "Customer" WHERE "workspaceId" = $1 AND "userId" = ANY($2::text[])`,
            [workspaceId, missingUserIds],
          )
        ).rows;
  const resolver = new IdentityResolver(now);
  const existingIds = [
    ...new Set([...known.rows.map((row) => row.customerId), ...byColumn.map((row) => row.id)]),
  ];
  const profiles = await loadProfilesForUpdate(client, existingIds);
  for (const [id, profile] of profiles) resolver.addExisting(id, profile);
  for (const row of known.rows) resolver.addKnownIdentity(identityKey(row.kind, row.value), row.customerId);
  for (const row of byColumn) resolver.addUserIdColumn(row.id, row.userId);

  const owners = messages.map((message) => resolver.customerFor(message).id);
  const finalOwner = owners.map((id) => resolver.resolve(id).id);

  const created = resolver.createdCustomers();
  if (created.length > 0) {
    await client.query(
      `INSERT INTO "Customer" (id, "workspaceId", "userId", "firstSeenAt", "lastSeenAt", "createdAt", "updatedAt")
       SELECT id, $1, "userId", at, at, $4, $4 FROM unnest($2::uuid[], $3::text[], $5::timestamp(3)[]) AS t(id, "userId", at)`,
      [
        workspaceId,
        created.map((slot) => slot.id),
        created.map((slot) => slot.profile.userId),
        now.toISOString(),
        created.map((slot) => slot.profile.firstSeenAt.toISOString()),
      ],
    );
  }
  for (const { from, into } of resolver.storedMerges()) {
    await mergeCustomerRows(client, workspaceId, from, into);
  }
  const identities = resolver.newIdentities();
  if (identities.length > 0) {
    await client.query(
      `INSERT INTO "CustomerIdentity" (id, "workspaceId", kind, value, "customerId", "createdAt")
       SELECT gen_random_uuid(), $1, kind, value, "customerId", $5
         FROM unnest($2::"IdentityKind"[], $3::text[], $4::uuid[]) AS t(kind, value, "customerId")`,
      [
        workspaceId,
        ...unzipIdentities(identities),
        identities.map((identity) => identity.customerId),
        now.toISOString(),
      ],
    );
  }

  // Events and their outbox rows go through the engine's one writer (events.ts), inside this transaction.
  const { eventIds } = await emitEvent(
    client,
    messages.map((m, i) => ({
      workspaceId,
      customerId: finalOwner[i]!,
      messageId: m.messageId,
      type: EVENT_TYPE[m.type],
      // Identify and alias have no name: stored as NULL.
      name: m.name,
      properties: m.properties,
      context: m.context,
      timestamp: m.timestamp,
    })),
  );

  const consent: { customerId: string; subject: string; granted: boolean; source: string }[] = [];
  let inserted = 0;
  const hints = { headerCountry: options.headerCountry ?? null };
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    if (eventIds[i] === null) continue;
    inserted++;
    const slot = resolver.resolve(finalOwner[i]!);
    // An unproven caller may add activity to an identified customer (their own browser) but never change
    // where messages go or what was consented to.
    const applied =
      message.unverified && slot.profile.userId !== null ? withoutProtectedTraits(message) : message;
    const update = applyMessageToProfile(slot.profile, applied, hints, now);
    slot.profile = update.profile;
    slot.touched = true;
    for (const change of update.consentChanges) consent.push({ customerId: slot.id, ...change });
  }

  const touched = resolver.touchedCustomers();
  await writeProfiles(
    client,
    touched.map((slot) => ({ id: slot.id, profile: slot.profile })),
    now,
  );
  if (consent.length > 0) {
    await client.query(
      `INSERT INTO "ConsentChange" ("customerId", subject, granted, source, at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::text[], $5::timestamp(3)[])`,
      [
        consent.map((c) => c.customerId),
        consent.map((c) => c.subject),
        consent.map((c) => c.granted),
        consent.map((c) => c.source),
        consent.map(() => now.toISOString()),
      ],
    );
  }
  return {
    inserted,
    duplicates: messages.length - inserted,
    customersCreated: created.length,
    customersMerged: resolver.mergeCount,
  };
}

/** Kinds and values as two parallel arrays, for unnest(). */
function unzipIdentities(
  identities: readonly { kind: IdentityKind; value: string }[],
): [IdentityKind[], string[]] {
  return [identities.map((identity) => identity.kind), identities.map((identity) => identity.value)];
}

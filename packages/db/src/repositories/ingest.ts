import { randomUUID } from 'node:crypto';
import {
  applyMessageToProfile,
  mergeProfiles,
  newProfile,
  type IngestMessage,
  type ProfileState,
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

type IdentityKind = 'USER_ID' | 'ANONYMOUS_ID';
const userKey = (value: string) => `u:${value}`;
const anonKey = (value: string) => `a:${value}`;
const kindOf = (key: string): IdentityKind => (key.startsWith('u:') ? 'USER_ID' : 'ANONYMOUS_ID');

const EVENT_TYPE: Record<IngestMessage['type'], NonNullable<EmitEventInput['type']>> = {
  track: 'TRACK',
  identify: 'IDENTIFY',
  page: 'PAGE',
  screen: 'SCREEN',
  group: 'GROUP',
  alias: 'ALIAS',
};

interface CustomerSlot {
  id: string;
  profile: ProfileState;
  isNew: boolean;
  mergedInto: string | null;
  touched: boolean;
}

/** Resolution state for one request: which identity belongs to which customer, including merges. */
class IdentityResolver {
  readonly slots = new Map<string, CustomerSlot>();
  readonly identities = new Map<string, string>();
  readonly newIdentities = new Set<string>();
  readonly merges: { from: string; into: string }[] = [];

  constructor(private readonly now: Date) {}

  resolve(customerId: string): CustomerSlot {
    let slot = this.slots.get(customerId);
    while (slot?.mergedInto) slot = this.slots.get(slot.mergedInto);
    if (!slot) throw new Error(`unknown customer ${customerId}`);
    return slot;
  }

  lookup(key: string): CustomerSlot | null {
    const id = this.identities.get(key);
    return id ? this.resolve(id) : null;
  }

  attach(key: string, slot: CustomerSlot): void {
    if (this.identities.has(key)) return;
    this.identities.set(key, slot.id);
    this.newIdentities.add(key);
  }

  create(at: Date, userId: string | null): CustomerSlot {
    const slot: CustomerSlot = {
      id: randomUUID(),
      profile: { ...newProfile(at), userId },
      isNew: true,
      mergedInto: null,
      touched: true,
    };
    this.slots.set(slot.id, slot);
    return slot;
  }

  merge(from: CustomerSlot, into: CustomerSlot): void {
    if (from.id === into.id) return;
    into.profile = mergeProfiles(into.profile, from.profile, this.now);
    into.touched = true;
    from.mergedInto = into.id;
    this.merges.push({ from: from.id, into: into.id });
  }

  /** The customer a message belongs to, creating or merging customers as Segment's identity rules say. */
  customerFor(message: IngestMessage): CustomerSlot {
    const at = message.timestamp;
    if (message.type === 'alias' && message.userId && message.previousId) {
      const previous = this.lookup(userKey(message.previousId)) ?? this.lookup(anonKey(message.previousId));
      const known = this.lookup(userKey(message.userId));
      if (previous && known) {
        this.merge(previous, known);
        return known;
      }
      if (previous) {
        previous.profile.userId ??= message.userId;
        previous.touched = true;
        this.attach(userKey(message.userId), previous);
        return previous;
      }
      const target = known ?? this.create(at, message.userId);
      this.attach(userKey(message.userId), target);
      this.attach(anonKey(message.previousId), target);
      return target;
    }
    const { userId, anonymousId } = message;
    const byUser = userId ? this.lookup(userKey(userId)) : null;
    const byAnon = anonymousId ? this.lookup(anonKey(anonymousId)) : null;
    if (userId) {
      if (byUser) {
        // An anonymous profile that turns out to be this user is merged; one that already belongs to another
        // user (a shared browser) is left alone.
        if (byAnon && byAnon.id !== byUser.id && byAnon.profile.userId === null) this.merge(byAnon, byUser);
        if (anonymousId && !byAnon) this.attach(anonKey(anonymousId), byUser);
        return byUser;
      }
      if (byAnon && byAnon.profile.userId === null) {
        byAnon.profile.userId = userId;
        byAnon.touched = true;
        this.attach(userKey(userId), byAnon);
        return byAnon;
      }
      const created = this.create(at, userId);
      this.attach(userKey(userId), created);
      if (anonymousId && !byAnon) this.attach(anonKey(anonymousId), created);
      return created;
    }
    if (byAnon) return byAnon;
    const created = this.create(at, null);
    if (anonymousId) this.attach(anonKey(anonymousId), created);
    return created;
  }
}

function identityKeys(messages: IngestMessage[]): string[] {
  const keys = new Set<string>();
  for (const message of messages) {
    if (message.userId) keys.add(userKey(message.userId));
    if (message.anonymousId) keys.add(anonKey(message.anonymousId));
    if (message.previousId) {
      keys.add(userKey(message.previousId));
      keys.add(anonKey(message.previousId));
    }
  }
  return [...keys].sort();
}

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
    [workspaceId, keys.map(kindOf), keys.map((key) => key.slice(2))],
  );
  // Customers created outside ingestion (imports, fixtures) may carry a userId without its identity row;
  // they are found by the column and get the row now, instead of a second customer for the same user.
  const foundUserKeys = new Set(
    known.rows.filter((row) => row.kind === 'USER_ID').map((row) => userKey(row.value)),
  );
  const missingUserIds = keys
    .filter((key) => key.startsWith('u:') && !foundUserKeys.has(key))
    .map((key) => key.slice(2));
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
  for (const [id, profile] of profiles)
    resolver.slots.set(id, { id, profile, isNew: false, mergedInto: null, touched: false });
  for (const row of known.rows) {
    if (resolver.slots.has(row.customerId))
      resolver.identities.set(`${row.kind === 'USER_ID' ? 'u' : 'a'}:${row.value}`, row.customerId);
  }
  for (const row of byColumn) {
    const slot = resolver.slots.get(row.id);
    if (slot) resolver.attach(userKey(row.userId), slot);
  }

  const owners = messages.map((message) => resolver.customerFor(message).id);
  const finalOwner = owners.map((id) => resolver.resolve(id).id);

  const created = [...resolver.slots.values()].filter((slot) => slot.isNew && slot.mergedInto === null);
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
  for (const { from, into } of resolver.merges) {
    if (!resolver.slots.get(from)?.isNew)
      await mergeCustomerRows(client, workspaceId, from, resolver.resolve(into).id);
  }
  const newKeys = [...resolver.newIdentities];
  if (newKeys.length > 0) {
    await client.query(
      `INSERT INTO "CustomerIdentity" (id, "workspaceId", kind, value, "customerId", "createdAt")
       SELECT gen_random_uuid(), $1, kind, value, "customerId", $5
         FROM unnest($2::"IdentityKind"[], $3::text[], $4::uuid[]) AS t(kind, value, "customerId")`,
      [
        workspaceId,
        newKeys.map(kindOf),
        newKeys.map((key) => key.slice(2)),
        newKeys.map((key) => resolver.lookup(key)?.id),
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
    const update = applyMessageToProfile(slot.profile, message, hints, now);
    slot.profile = update.profile;
    slot.touched = true;
    for (const change of update.consentChanges) consent.push({ customerId: slot.id, ...change });
  }

  const touched = [...resolver.slots.values()].filter((slot) => slot.touched && slot.mergedInto === null);
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
    customersMerged: resolver.merges.length,
  };
}

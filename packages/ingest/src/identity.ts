import type { IngestMessage } from './messages';
import { mergeProfiles, newProfile, type ProfileState } from './profile';

/**
 * Segment's identity rules, as one request applies them: which customer a message belongs to, when an
 * anonymous visitor becomes a known user, and when two customers turn out to be one (merge). Pure: the
 * repository (packages/db ingest.ts) reads the stored identities, runs this, and writes the outcome.
 */

export type IdentityKind = 'USER_ID' | 'ANONYMOUS_ID';

// Keys are `u:<userId>` and `a:<anonymousId>`; they also name the advisory locks ingestion takes.
const userKey = (value: string) => `u:${value}`;
const anonKey = (value: string) => `a:${value}`;

export function identityKey(kind: IdentityKind, value: string): string {
  return kind === 'USER_ID' ? userKey(value) : anonKey(value);
}

export function parseIdentityKey(key: string): { kind: IdentityKind; value: string } {
  return { kind: key.startsWith('u:') ? 'USER_ID' : 'ANONYMOUS_ID', value: key.slice(2) };
}

/**
 * The identity a lookup by `{ userId, anonymousId }` means: the userId when given (a known user outranks the
 * browser they use), else the anonymousId; null when neither is.
 */
export function identityOf(ids: {
  userId?: string | null;
  anonymousId?: string | null;
}): { kind: IdentityKind; value: string } | null {
  if (ids.userId != null) return { kind: 'USER_ID', value: ids.userId };
  if (ids.anonymousId != null) return { kind: 'ANONYMOUS_ID', value: ids.anonymousId };
  return null;
}

/** Every identity the messages name (userId, anonymousId, and an alias's previousId as either), sorted. */
export function identityKeys(messages: IngestMessage[]): string[] {
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

/** The userIds among `keys` that no stored identity row names (`known`). */
export function userIdsWithoutIdentityRow(
  keys: readonly string[],
  known: readonly { kind: IdentityKind; value: string }[],
): string[] {
  const found = new Set(known.filter((row) => row.kind === 'USER_ID').map((row) => userKey(row.value)));
  return keys.filter((key) => key.startsWith('u:') && !found.has(key)).map((key) => key.slice(2));
}

export interface CustomerSlot {
  id: string;
  profile: ProfileState;
  isNew: boolean;
  mergedInto: string | null;
  touched: boolean;
}

/**
 * Resolution state for one request: which identity belongs to which customer, including merges. The
 * repository loads the customers the request's identities name (`addExisting`, `addKnownIdentity`,
 * `addUserIdColumn`), asks `customerFor` per message, and writes what the read-outs say.
 */
export class IdentityResolver {
  private readonly slots = new Map<string, CustomerSlot>();
  private readonly identities = new Map<string, string>();
  private readonly newIdentityKeys = new Set<string>();
  private readonly merges: { from: string; into: string }[] = [];

  constructor(
    private readonly now: Date,
    private readonly newCustomerId: () => string = () => globalThis.crypto.randomUUID(),
  ) {}

  /** A stored customer, locked and read by the caller. */
  addExisting(id: string, profile: ProfileState): void {
    this.slots.set(id, { id, profile, isNew: false, mergedInto: null, touched: false });
  }

  /** A stored identity row; ignored when its customer was not loaded. */
  addKnownIdentity(key: string, customerId: string): void {
    if (this.slots.has(customerId)) this.identities.set(key, customerId);
  }

  /**
   * A stored customer found by its userId column but without the identity row (created by an import or a
   * fixture): it gets the row now instead of a second customer being made for the same user.
   */
  addUserIdColumn(customerId: string, userId: string): void {
    const slot = this.slots.get(customerId);
    if (slot) this.attach(userKey(userId), slot);
  }

  resolve(customerId: string): CustomerSlot {
    let slot = this.slots.get(customerId);
    while (slot?.mergedInto) slot = this.slots.get(slot.mergedInto);
    if (!slot) throw new Error(`unknown customer ${customerId}`);
    return slot;
  }

  private lookup(key: string): CustomerSlot | null {
    const id = this.identities.get(key);
    return id ? this.resolve(id) : null;
  }

  private attach(key: string, slot: CustomerSlot): void {
    if (this.identities.has(key)) return;
    this.identities.set(key, slot.id);
    this.newIdentityKeys.add(key);
  }

  private create(at: Date, userId: string | null): CustomerSlot {
    const slot: CustomerSlot = {
      id: this.newCustomerId(),
      profile: { ...newProfile(at), userId },
      isNew: true,
      mergedInto: null,
      touched: true,
    };
    this.slots.set(slot.id, slot);
    return slot;
  }

  private merge(from: CustomerSlot, into: CustomerSlot): void {
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

  /** Customers this request created and kept (not merged away), to insert. */
  createdCustomers(): CustomerSlot[] {
    return [...this.slots.values()].filter((slot) => slot.isNew && slot.mergedInto === null);
  }

  /** Stored customers merged into another, in order, each with the customer it finally became. */
  storedMerges(): { from: string; into: string }[] {
    return this.merges
      .filter(({ from }) => !this.slots.get(from)?.isNew)
      .map(({ from, into }) => ({ from, into: this.resolve(into).id }));
  }

  /** How many customers were merged into others by this request. */
  get mergeCount(): number {
    return this.merges.length;
  }

  /** Identity rows to insert: every identity first seen in this request, with its final customer. */
  newIdentities(): { kind: IdentityKind; value: string; customerId: string }[] {
    return [...this.newIdentityKeys].map((key) => ({
      ...parseIdentityKey(key),
      customerId: this.lookup(key)!.id,
    }));
  }

  /** Customers whose profile changed and still exist, to write back. */
  touchedCustomers(): CustomerSlot[] {
    return [...this.slots.values()].filter((slot) => slot.touched && slot.mergedInto === null);
  }
}

import { describe, expect, it } from 'vitest';
import {
  identityKey,
  identityKeys,
  identityOf,
  IdentityResolver,
  parseIdentityKey,
  userIdsWithoutIdentityRow,
} from './identity';
import type { IngestMessage } from './messages';
import { newProfile } from './profile';

const now = new Date('2026-06-01T12:00:00Z');

function message(partial: Partial<IngestMessage>): IngestMessage {
  return {
    type: 'track',
    messageId: 'm',
    userId: null,
    anonymousId: null,
    previousId: null,
    name: 'Viewed',
    properties: {},
    traits: {},
    context: {},
    timestamp: now,
    ...partial,
  };
}

/** A resolver whose new customers are c1, c2, … so tests can name them. */
function resolver(): IdentityResolver {
  let next = 0;
  return new IdentityResolver(now, () => `c${++next}`);
}

function stored(id: string, userId: string | null) {
  return { ...newProfile(new Date('2026-05-01T00:00:00Z')), userId };
}

describe('identity keys', () => {
  it('round-trip and name every id a message carries, sorted and once', () => {
    expect(parseIdentityKey(identityKey('USER_ID', 'ada'))).toEqual({ kind: 'USER_ID', value: 'ada' });
    expect(parseIdentityKey(identityKey('ANONYMOUS_ID', 'u:x'))).toEqual({
      kind: 'ANONYMOUS_ID',
      value: 'u:x',
    });
    const keys = identityKeys([
      message({ userId: 'ada', anonymousId: 'b1' }),
      message({ anonymousId: 'b1' }),
      message({ type: 'alias', userId: 'ada', previousId: 'old' }),
    ]);
    expect(keys).toEqual(['a:b1', 'a:old', 'u:ada', 'u:old']);
  });

  it('looks a customer up by userId before anonymousId', () => {
    expect(identityOf({ userId: 'ada', anonymousId: 'b1' })).toEqual({ kind: 'USER_ID', value: 'ada' });
    expect(identityOf({ userId: null, anonymousId: 'b1' })).toEqual({ kind: 'ANONYMOUS_ID', value: 'b1' });
    expect(identityOf({ anonymousId: '' })).toEqual({ kind: 'ANONYMOUS_ID', value: '' });
    expect(identityOf({})).toBeNull();
  });

  it('finds the userIds no identity row names', () => {
    const keys = ['a:b1', 'u:ada', 'u:grace'];
    expect(userIdsWithoutIdentityRow(keys, [{ kind: 'USER_ID', value: 'ada' }])).toEqual(['grace']);
    expect(userIdsWithoutIdentityRow(keys, [{ kind: 'ANONYMOUS_ID', value: 'grace' }])).toEqual([
      'ada',
      'grace',
    ]);
  });
});

describe('IdentityResolver', () => {
  it('creates one customer for a first-time anonymous visitor, however many events it sends', () => {
    const r = resolver();
    const first = r.customerFor(message({ anonymousId: 'b1' }));
    const second = r.customerFor(message({ anonymousId: 'b1' }));
    expect(second.id).toBe(first.id);
    expect(r.createdCustomers().map((slot) => slot.id)).toEqual(['c1']);
    expect(r.newIdentities()).toEqual([{ kind: 'ANONYMOUS_ID', value: 'b1', customerId: 'c1' }]);
  });

  it('turns an anonymous customer into the user who identifies, without a second customer', () => {
    const r = resolver();
    r.addExisting('anon', stored('anon', null));
    r.addKnownIdentity(identityKey('ANONYMOUS_ID', 'b1'), 'anon');
    const owner = r.customerFor(message({ type: 'identify', userId: 'ada', anonymousId: 'b1' }));
    expect(owner.id).toBe('anon');
    expect(owner.profile.userId).toBe('ada');
    expect(r.createdCustomers()).toEqual([]);
    expect(r.newIdentities()).toEqual([{ kind: 'USER_ID', value: 'ada', customerId: 'anon' }]);
  });

  it('merges a stored anonymous customer into the known user it turns out to be', () => {
    const r = resolver();
    r.addExisting('known', stored('known', 'ada'));
    r.addExisting('anon', stored('anon', null));
    r.addKnownIdentity(identityKey('USER_ID', 'ada'), 'known');
    r.addKnownIdentity(identityKey('ANONYMOUS_ID', 'b1'), 'anon');
    expect(r.customerFor(message({ userId: 'ada', anonymousId: 'b1' })).id).toBe('known');
    expect(r.storedMerges()).toEqual([{ from: 'anon', into: 'known' }]);
    expect(r.mergeCount).toBe(1);
    expect(r.touchedCustomers().map((slot) => slot.id)).toEqual(['known']);
    // Later events of the old anonymous id land on the merged customer.
    expect(r.customerFor(message({ anonymousId: 'b1' })).id).toBe('known');
  });

  it('leaves a shared browser alone: an anonymous id that already belongs to another user is not merged', () => {
    const r = resolver();
    r.addExisting('grace', stored('grace', 'grace'));
    r.addExisting('ada', stored('ada', 'ada'));
    r.addKnownIdentity(identityKey('USER_ID', 'ada'), 'ada');
    r.addKnownIdentity(identityKey('ANONYMOUS_ID', 'b1'), 'grace');
    expect(r.customerFor(message({ userId: 'ada', anonymousId: 'b1' })).id).toBe('ada');
    expect(r.storedMerges()).toEqual([]);
    expect(r.newIdentities()).toEqual([]);
  });

  it('alias merges the previous id into the known user; a merge of a customer made in this request writes none', () => {
    const r = resolver();
    r.addExisting('known', stored('known', 'ada'));
    r.addKnownIdentity(identityKey('USER_ID', 'ada'), 'known');
    const fresh = r.customerFor(message({ anonymousId: 'old' }));
    expect(fresh.id).toBe('c1');
    expect(r.customerFor(message({ type: 'alias', userId: 'ada', previousId: 'old' })).id).toBe('known');
    expect(r.mergeCount).toBe(1);
    expect(r.storedMerges()).toEqual([]);
    expect(r.createdCustomers()).toEqual([]);
    expect(r.newIdentities()).toEqual([{ kind: 'ANONYMOUS_ID', value: 'old', customerId: 'known' }]);
  });

  it('gives a customer found by its userId column the identity row it lacks', () => {
    const r = resolver();
    r.addExisting('imported', stored('imported', 'ada'));
    r.addUserIdColumn('imported', 'ada');
    expect(r.customerFor(message({ userId: 'ada' })).id).toBe('imported');
    expect(r.newIdentities()).toEqual([{ kind: 'USER_ID', value: 'ada', customerId: 'imported' }]);
  });

  it('ignores identity rows of customers it was not given', () => {
    const r = resolver();
    r.addKnownIdentity(identityKey('USER_ID', 'ada'), 'missing');
    expect(r.customerFor(message({ userId: 'ada' })).id).toBe('c1');
  });
});

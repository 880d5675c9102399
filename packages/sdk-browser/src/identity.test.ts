import { describe, expect, it } from 'vitest';
import { Identity, readCookie, type CookieJar, type KeyValueStore } from './identity';
import { buildContext, campaignFromSearch } from './context';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: (k) => data.get(k) ?? null,
    set: (k, v) => void data.set(k, v),
    remove: (k) => void data.delete(k),
  };
}

function jar(initial = ''): CookieJar & { writes: string[] } {
  let cookie = initial;
  const writes: string[] = [];
  return {
    writes,
    read: () => cookie,
    write: (c) => {
      writes.push(c);
      const [pair] = c.split(';');
      cookie = cookie ? `${cookie}; ${pair}` : pair!;
    },
  };
}

describe('Identity', () => {
  it('keeps the proof of userId with that user only: another userId or reset drops it', () => {
    const identity = new Identity(memoryStore(), jar());
    expect(identity.proof()).toEqual({});
    identity.identify('u1', {}, 'hash-of-u1');
    expect(identity.proof()).toEqual({ userId: 'u1', userHash: 'hash-of-u1' });
    identity.identify('u1', { plan: 'gold' });
    expect(identity.userHash()).toBe('hash-of-u1');
    identity.identify('u2', {});
    expect(identity.proof()).toEqual({ userId: 'u2' });
    identity.identify('u2', {}, 'hash-of-u2');
    identity.reset();
    expect(identity.proof()).toEqual({});
  });

  it('creates one anonymousId and keeps it in storage and a cookie', () => {
    const store = memoryStore();
    const cookies = jar();
    const identity = new Identity(store, cookies);
    const id = identity.anonymousId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity.anonymousId()).toBe(id);
    expect(store.data.get('nudgeflow_anonymous_id')).toBe(id);
    expect(cookies.writes[0]).toMatch(new RegExp(`^nf_aid=${id}; Max-Age=31536000; Path=/; SameSite=Lax`));
  });

  it('recovers the id from the cookie when storage was cleared, and reuses Segment’s cookie', () => {
    expect(new Identity(memoryStore(), jar('nf_aid=abc-123')).anonymousId()).toBe('abc-123');
    expect(new Identity(memoryStore(), jar('x=1; ajs_anonymous_id=%22seg-9%22')).anonymousId()).toBe('seg-9');
  });

  it('merges traits for the same user and starts over for another', () => {
    const identity = new Identity(memoryStore(), jar());
    identity.identify('u1', { email: 'a@example.com' });
    identity.identify('u1', { plan: 'gold' });
    expect(identity.traits()).toEqual({ email: 'a@example.com', plan: 'gold' });
    identity.identify('u2', { email: 'b@example.com' });
    expect(identity.traits()).toEqual({ email: 'b@example.com' });
  });

  it('reset() forgets the user and starts a new visitor', () => {
    const identity = new Identity(memoryStore(), jar());
    const before = identity.anonymousId();
    identity.identify('u1', {});
    identity.reset();
    expect(identity.userId()).toBeNull();
    expect(identity.anonymousId()).not.toBe(before);
  });

  it('reads cookies among others', () => {
    expect(readCookie('a=1; nf_aid=x%3Dy; b=2', 'nf_aid')).toBe('x=y');
    expect(readCookie('a=1', 'nf_aid')).toBeNull();
  });
});

describe('event context', () => {
  it('carries page, locale, time zone and utm campaign in Segment’s shape', () => {
    const context = buildContext({
      url: 'https://shop.example/p/1?utm_source=newsletter&utm_campaign=spring&x=1#top',
      referrer: 'https://google.com/',
      title: 'Sneakers',
      userAgent: 'UA',
      language: 'de-DE',
      timezone: 'Europe/Berlin',
    });
    expect(context).toMatchObject({
      page: {
        path: '/p/1',
        search: '?utm_source=newsletter&utm_campaign=spring&x=1',
        url: 'https://shop.example/p/1?utm_source=newsletter&utm_campaign=spring&x=1',
        referrer: 'https://google.com/',
        title: 'Sneakers',
      },
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
      campaign: { source: 'newsletter', name: 'spring' },
      userAgent: 'UA',
    });
    expect(campaignFromSearch('?a=1')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { isSubscribedTo, reachabilityOf, sendRefusal, topicSubscription, type ConsentFacts } from './consent';

const reachable: ConsentFacts = {
  unsubscribedAll: false,
  email: 'ada@example.com',
  emailOptIn: true,
  phone: '+15550100',
  smsOptIn: true,
};

function refusal(overrides: Partial<Parameters<typeof sendRefusal>[0]> = {}) {
  return sendRefusal({
    customer: reachable,
    topicKey: 'marketing',
    subscribedToTopic: true,
    consent: 'none',
    pushSubscriptions: 0,
    ...overrides,
  });
}

describe('topicSubscription', () => {
  it('follows the customer choice, else the topic default', () => {
    expect(topicSubscription(false, true)).toBe(false);
    expect(topicSubscription(true, false)).toBe(true);
    expect(topicSubscription(undefined, true)).toBe(true);
    expect(topicSubscription(undefined, false)).toBe(false);
  });
});

describe('sendRefusal', () => {
  it('lets a subscribed customer with the channel opt-in through', () => {
    expect(refusal({ consent: 'email' })).toBeNull();
    expect(refusal({ consent: 'sms' })).toBeNull();
    expect(refusal({ consent: 'push', pushSubscriptions: 2 })).toBeNull();
  });

  it('refuses for the whole customer when they are gone, left everything or left the topic', () => {
    expect(refusal({ customer: null })).toEqual({ reason: 'customer no longer exists', scope: 'customer' });
    expect(refusal({ customer: { ...reachable, unsubscribedAll: true } })).toEqual({
      reason: 'unsubscribed from all messages',
      scope: 'customer',
    });
    expect(refusal({ subscribedToTopic: false })).toEqual({
      reason: 'unsubscribed from topic "marketing"',
      scope: 'customer',
    });
  });

  it('refuses only the channel when its opt-in or address is missing', () => {
    expect(refusal({ consent: 'email', customer: { ...reachable, emailOptIn: false } })).toEqual({
      reason: 'no email consent',
      scope: 'channel',
    });
    expect(refusal({ consent: 'email', customer: { ...reachable, email: null } })?.reason).toBe(
      'no email consent',
    );
    expect(refusal({ consent: 'sms', customer: { ...reachable, phone: null } })).toEqual({
      reason: 'no SMS consent',
      scope: 'channel',
    });
    expect(refusal({ consent: 'push', pushSubscriptions: 0 })).toEqual({
      reason: 'no push subscription',
      scope: 'channel',
    });
    // A channel needing no opt-in (webhook, in-app) is not refused for a missing email.
    expect(
      refusal({ consent: 'none', customer: { ...reachable, email: null, emailOptIn: false } }),
    ).toBeNull();
  });
});

describe('reachabilityOf', () => {
  const facts = {
    ...reachable,
    customerId: 'c1',
    workspaceId: 'w1',
    pushSubscriptions: [{ id: 'p1', endpoint: 'https://push.example/1', p256dh: 'k', auth: 'a' }],
    identities: 1,
    emailUndeliverable: null,
    topics: [
      { key: 'marketing', defaultSubscribed: true },
      { key: 'back-in-stock', defaultSubscribed: false },
    ],
    chosenTopics: new Map([['marketing', false]]),
  };

  it('reaches every channel with consent, and applies topic defaults under the customer choices', () => {
    const result = reachabilityOf(facts);
    expect([
      result.email.reachable,
      result.sms.reachable,
      result.push.reachable,
      result.inApp.reachable,
    ]).toEqual([true, true, true, true]);
    expect(result.topics).toEqual({ marketing: false, 'back-in-stock': false });
    expect(isSubscribedTo(result, 'marketing')).toBe(false);
    expect(isSubscribedTo(result, 'undefined-topic')).toBe(true);
  });

  it('reaches nobody who left everything, and no undeliverable address', () => {
    const gone = reachabilityOf({ ...facts, unsubscribedAll: true });
    expect([gone.email.reachable, gone.sms.reachable, gone.push.reachable, gone.inApp.reachable]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(isSubscribedTo(gone, 'undefined-topic')).toBe(false);
    const bounced = reachabilityOf({ ...facts, emailUndeliverable: 'hard bounce' });
    expect(bounced.email).toMatchObject({ reachable: false, undeliverable: 'hard bounce' });
    expect(reachabilityOf({ ...facts, identities: 0 }).inApp.reachable).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { IngestMessage } from './messages';
import { applyMessageToProfile, mergeProfiles, newProfile } from './profile';

const now = new Date('2026-06-01T12:00:00Z');
const hints = { headerCountry: null };

function message(partial: Partial<IngestMessage>): IngestMessage {
  return {
    type: 'track',
    messageId: 'm',
    userId: 'u',
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

describe('applyMessageToProfile', () => {
  it('keeps first and last seen, device and locale current', () => {
    const start = newProfile(new Date('2026-05-01T00:00:00Z'));
    const { profile } = applyMessageToProfile(
      start,
      message({
        context: {
          userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile',
          locale: 'fr-FR',
          timezone: 'Europe/Paris',
        },
      }),
      hints,
      now,
    );
    expect(profile).toMatchObject({
      lastSeenAt: now,
      firstSeenAt: new Date('2026-05-01T00:00:00Z'),
      platform: 'mobile_web',
      deviceType: 'mobile',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
    });
  });
  it('does not let a late old event overwrite the current device', () => {
    const start = { ...newProfile(now), platform: 'app', deviceType: 'mobile' };
    const { profile } = applyMessageToProfile(
      start,
      message({
        timestamp: new Date('2026-01-01T00:00:00Z'),
        context: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
      }),
      hints,
      now,
    );
    expect(profile).toMatchObject({
      platform: 'app',
      firstSeenAt: new Date('2026-01-01T00:00:00Z'),
      lastSeenAt: now,
    });
  });
  it('counts orders into the lifecycle stage', () => {
    let profile = newProfile(now);
    profile = applyMessageToProfile(profile, message({ name: 'Order Completed' }), hints, now).profile;
    expect(profile.lifecycleStage).toBe('ACTIVE');
    profile = applyMessageToProfile(profile, message({ name: 'Order Completed' }), hints, now).profile;
    expect(profile).toMatchObject({ lifecycleStage: 'REPEAT', orderCount: 2 });
  });
  it('records consent only from explicit fields, and withdraws it when the address changes', () => {
    const first = applyMessageToProfile(
      newProfile(now),
      message({ type: 'identify', traits: { email: 'A@Shop.test', emailOptIn: true, name: 'Ann' } }),
      hints,
      now,
    );
    expect(first.profile).toMatchObject({ email: 'a@shop.test', emailOptIn: true, traits: { name: 'Ann' } });
    expect(first.consentChanges).toEqual([{ subject: 'email', granted: true, source: 'identify' }]);
    const second = applyMessageToProfile(
      first.profile,
      message({ type: 'identify', traits: { email: 'b@shop.test', name: null } }),
      hints,
      now,
    );
    expect(second.profile).toMatchObject({ email: 'b@shop.test', emailOptIn: false, traits: {} });
    expect(second.consentChanges).toEqual([
      { subject: 'email', granted: false, source: 'identify:email-changed' },
    ]);
    const silent = applyMessageToProfile(
      second.profile,
      message({ type: 'identify', traits: { plan: 'pro' } }),
      hints,
      now,
    );
    expect(silent.consentChanges).toEqual([]);
  });
  it('keeps the first non-direct source', () => {
    let profile = applyMessageToProfile(
      newProfile(now),
      message({ type: 'page', context: { page: { url: 'https://s.test/' } } }),
      hints,
      now,
    ).profile;
    expect(profile.source).toBe('direct');
    profile = applyMessageToProfile(
      profile,
      message({ context: { campaign: { medium: 'email' } } }),
      hints,
      now,
    ).profile;
    profile = applyMessageToProfile(
      profile,
      message({ context: { campaign: { medium: 'cpc' } } }),
      hints,
      now,
    ).profile;
    expect(profile.source).toBe('email');
  });
});

describe('mergeProfiles', () => {
  it('lets the known profile win and adds up history', () => {
    const known = {
      ...newProfile(new Date('2026-05-10T00:00:00Z')),
      userId: 'u',
      email: 'k@s.test',
      traits: { name: 'K' },
      orderCount: 1,
    };
    const anon = {
      ...newProfile(new Date('2026-05-01T00:00:00Z')),
      traits: { name: 'A', color: 'red' },
      orderCount: 1,
      source: 'social',
      tags: ['vip'],
    };
    expect(mergeProfiles(known, anon, now)).toMatchObject({
      userId: 'u',
      email: 'k@s.test',
      traits: { name: 'K', color: 'red' },
      orderCount: 2,
      lifecycleStage: 'REPEAT',
      source: 'social',
      tags: ['vip'],
      firstSeenAt: new Date('2026-05-01T00:00:00Z'),
    });
  });
});

import { describe, expect, it } from 'vitest';
import { deriveDevice, deriveLocale, deriveLocation, deriveSource, deriveTimeZone } from './derive';
import { lifecycleStage } from './lifecycle';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const ANDROID_TABLET = 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/120 Safari/537.36';
const DESKTOP =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36';

describe('deriveDevice', () => {
  it('tells phones, tablets and desktops apart by user agent', () => {
    expect(deriveDevice({ userAgent: IPHONE })).toEqual({ deviceType: 'mobile', platform: 'mobile_web' });
    expect(deriveDevice({ userAgent: IPAD })).toEqual({ deviceType: 'tablet', platform: 'mobile_web' });
    expect(deriveDevice({ userAgent: ANDROID_TABLET })).toEqual({
      deviceType: 'tablet',
      platform: 'mobile_web',
    });
    expect(deriveDevice({ userAgent: DESKTOP })).toEqual({ deviceType: 'desktop', platform: 'web' });
  });
  it('recognises Segment mobile library contexts as the app', () => {
    expect(deriveDevice({ app: { name: 'Shop' }, device: { type: 'ios', model: 'iPhone15,2' } })).toEqual({
      deviceType: 'mobile',
      platform: 'app',
    });
    expect(deriveDevice({ device: { type: 'android', model: 'Galaxy Tab S9' } })).toEqual({
      deviceType: 'tablet',
      platform: 'app',
    });
  });
  it('says nothing without a user agent or app context', () => {
    expect(deriveDevice({})).toEqual({ deviceType: null, platform: null });
  });
});

describe('deriveSource', () => {
  it('reads UTM medium first', () => {
    expect(deriveSource({ campaign: { medium: 'cpc', source: 'google' } })).toBe('paid_search');
    expect(deriveSource({ campaign: { medium: 'cpc', source: 'facebook' } })).toBe('social');
    expect(deriveSource({ campaign: { medium: 'email', source: 'newsletter' } })).toBe('email');
    expect(deriveSource({ campaign: { medium: 'social', source: 'x' } })).toBe('social');
  });
  it('reads click ids and referrers', () => {
    expect(deriveSource({ page: { url: 'https://shop.test/?gclid=abc' } })).toBe('paid_search');
    expect(deriveSource({ page: { url: 'https://shop.test/', referrer: 'https://www.google.com/' } })).toBe(
      'organic_search',
    );
    expect(deriveSource({ page: { url: 'https://shop.test/', referrer: 'https://l.instagram.com/' } })).toBe(
      'social',
    );
    expect(
      deriveSource({ page: { url: 'https://shop.test/', referrer: 'https://mail.google.com/mail/u/0' } }),
    ).toBe('email');
    expect(
      deriveSource({ page: { url: 'https://shop.test/', referrer: 'https://blog.example.org/post' } }),
    ).toBe('referral');
  });
  it('is direct for a page view without referrer, unknown for a server-side event', () => {
    expect(deriveSource({ page: { url: 'https://shop.test/' } })).toBe('direct');
    expect(deriveSource({ page: { url: 'https://shop.test/a', referrer: 'https://shop.test/b' } })).toBe(
      'direct',
    );
    expect(deriveSource({})).toBeNull();
    expect(deriveSource({ page: { referrer: 'not a url' } })).toBe('direct');
  });
});

describe('location, locale and time zone', () => {
  it('prefers context.location to the proxy header', () => {
    expect(deriveLocation({ location: { country: 'de', region: 'Bavaria' } }, 'FR')).toEqual({
      country: 'DE',
      region: 'Bavaria',
    });
    expect(deriveLocation({}, 'fr')).toEqual({ country: 'FR', region: null });
    expect(deriveLocation({})).toEqual({ country: null, region: null });
  });
  it('canonicalises locales and refuses non-tags', () => {
    expect(deriveLocale({ locale: 'en_us' })).toBe('en-US');
    expect(deriveLocale({ locale: 'de-DE' })).toBe('de-DE');
    expect(deriveLocale({ locale: '<script>' })).toBeNull();
  });
  it('keeps only time zones the runtime knows', () => {
    expect(deriveTimeZone({ timezone: 'Europe/Berlin' })).toBe('Europe/Berlin');
    expect(deriveTimeZone({ timezone: 'Mars/Olympus' })).toBeNull();
  });
});

describe('lifecycleStage', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('follows order count while the customer is recent', () => {
    expect(lifecycleStage({ orderCount: 0, lastSeenAt: now, now })).toBe('NEW');
    expect(lifecycleStage({ orderCount: 1, lastSeenAt: now, now })).toBe('ACTIVE');
    expect(lifecycleStage({ orderCount: 3, lastSeenAt: now, now })).toBe('REPEAT');
  });
  it('is lapsed after 90 idle days', () => {
    expect(lifecycleStage({ orderCount: 3, lastSeenAt: new Date('2026-02-01T00:00:00Z'), now })).toBe(
      'LAPSED',
    );
  });
});

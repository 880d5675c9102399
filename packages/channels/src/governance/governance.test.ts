import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from './quiet-hours';
import { SendRateLimiter } from './rate-limit';
import { capsFor, governanceSettings } from './settings';

const quiet = { start: '21:00', end: '08:00', channels: ['push'] };

describe('quiet hours', () => {
  it('is outside the window during the day', () => {
    expect(quietHoursEnd(quiet, 'UTC', new Date('2026-03-10T12:00:00Z'))).toBeNull();
  });

  it('ends the window at the local end time, across midnight, in the customer zone', () => {
    // 22:15 in New York (EDT, UTC-4) → ends 08:00 New York = 12:00 UTC next day.
    expect(quietHoursEnd(quiet, 'America/New_York', new Date('2026-06-02T02:15:00Z'))?.toISOString()).toBe(
      '2026-06-02T12:00:00.000Z',
    );
    // 06:30 in Tokyo → 08:00 Tokyo = 23:00 UTC.
    expect(quietHoursEnd(quiet, 'Asia/Tokyo', new Date('2026-06-01T21:30:00Z'))?.toISOString()).toBe(
      '2026-06-01T23:00:00.000Z',
    );
  });

  it('lands on the local end time across a daylight-saving change', () => {
    // Night of 28–29 March 2026 in Paris: clocks go 02:00 → 03:00. 23:00 CET (22:00 UTC) → 08:00 CEST = 06:00 UTC.
    expect(quietHoursEnd(quiet, 'Europe/Paris', new Date('2026-03-28T22:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });

  it('treats an unknown zone as UTC', () => {
    expect(quietHoursEnd(quiet, 'Mars/Olympus', new Date('2026-03-10T22:00:00Z'))?.toISOString()).toBe(
      '2026-03-11T08:00:00.000Z',
    );
  });
});

describe('rate limiter', () => {
  it('allows a second of burst then spaces sends by the rate', () => {
    let now = 0;
    const limiter = new SendRateLimiter(() => now);
    expect([1, 2].map(() => limiter.take('push', 2))).toEqual([0, 0]);
    expect(limiter.take('push', 2)).toBe(500);
    now = 500;
    expect(limiter.take('push', 2)).toBe(0);
    expect(limiter.take('email', 2)).toBe(0);
  });
});

describe('governance settings', () => {
  it('defaults to 2 pushes a day and 5 messages a week, and picks the caps for a channel', () => {
    const settings = governanceSettings({});
    expect(capsFor(settings, 'push')).toEqual([
      { channel: 'push', max: 2, windowHours: 24 },
      { channel: 'all', max: 5, windowHours: 168 },
    ]);
    expect(capsFor(settings, 'email')).toEqual([{ channel: 'all', max: 5, windowHours: 168 }]);
  });

  it('falls back to the defaults when the stored block is invalid', () => {
    expect(governanceSettings({ governance: { frequencyCaps: 'lots' } }).frequencyCaps).toHaveLength(2);
  });
});

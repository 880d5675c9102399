import { describe, expect, it } from 'vitest';
import { capRefusal, capWindowStart } from './send-caps';

describe('send caps', () => {
  it('counts from the start of the window', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(capWindowStart({ channel: 'all', max: 3, windowHours: 24 }, now)).toEqual(
      new Date('2026-05-31T12:00:00Z'),
    );
  });

  it('refuses at the cap, not below it', () => {
    const cap = { channel: 'all', max: 3, windowHours: 24 };
    expect(capRefusal(cap, 2)).toBeNull();
    expect(capRefusal(cap, 3)).toEqual({
      reason: 'frequency cap: at most 3 messages per day',
      scope: 'customer',
    });
  });

  it('refuses only the channel for a channel cap, and names its window', () => {
    expect(capRefusal({ channel: 'sms', max: 1, windowHours: 168 }, 1)).toEqual({
      reason: 'frequency cap: at most 1 sms messages per week',
      scope: 'channel',
    });
    expect(capRefusal({ channel: 'email', max: 2, windowHours: 72 }, 5)?.reason).toBe(
      'frequency cap: at most 2 email messages per 3 days',
    );
    expect(capRefusal({ channel: 'push', max: 1, windowHours: 6 }, 1)?.reason).toBe(
      'frequency cap: at most 1 push messages per 6 h',
    );
  });
});

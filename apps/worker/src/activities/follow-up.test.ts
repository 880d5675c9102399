import { describe, expect, it } from 'vitest';
import { followUpDecision } from './message';

const sentAt = new Date('2026-11-20T10:00:00Z');
const at = new Date('2026-11-20T10:30:00Z');
const after = { amount: 1, unit: 'hours' } as const;

function send(
  channel: string,
  fields: { openedAt?: Date; clickedAt?: Date; receipts?: string[]; status?: string } = {},
) {
  return {
    channel,
    status: fields.status ?? 'SENT',
    openedAt: fields.openedAt ?? null,
    clickedAt: fields.clickedAt ?? null,
    receipts: (fields.receipts ?? []).map((type) => ({ type, at: sentAt })),
  };
}

describe('followUpDecision', () => {
  it('sends when the email was not opened, and not when it was', () => {
    expect(followUpDecision(send('email'), { after, unless: 'opened' })).toEqual({
      send: true,
      reason: 'the email message was not opened within 1 hour',
    });
    expect(
      followUpDecision(send('email', { openedAt: at, receipts: ['opened'] }), { after, unless: 'opened' }),
    ).toEqual({
      send: false,
      reason: 'the email message was opened at 2026-11-20T10:30:00.000Z, within 1 hour',
    });
  });

  it('counts a click as an open (image blocking hides opens), but not an open as a click', () => {
    const clickedOnly = send('email', { openedAt: at, clickedAt: at, receipts: ['clicked'] });
    expect(followUpDecision(clickedOnly, { after, unless: 'opened' })).toMatchObject({
      send: false,
      reason: expect.stringContaining('clicked (a click counts as opened)'),
    });
    const openedOnly = send('email', { openedAt: at, receipts: ['opened'] });
    expect(followUpDecision(openedOnly, { after, unless: 'clicked' })).toEqual({
      send: true,
      reason: 'the email message was not clicked within 1 hour',
    });
  });

  it('judges push by clicks, the only engagement it reports', () => {
    expect(followUpDecision(send('push', { receipts: ['delivered'] }), { after, unless: 'opened' })).toEqual({
      send: true,
      reason: 'the push message was not opened within 1 hour (push reports clicks only; none came)',
    });
    expect(
      followUpDecision(send('push', { openedAt: at, clickedAt: at, receipts: ['clicked'] }), {
        after,
        unless: 'opened',
      }).send,
    ).toBe(false);
  });

  it('follows up SMS and webhooks, which report no engagement, and says why', () => {
    expect(followUpDecision(send('sms', { receipts: ['delivered'] }), { after, unless: 'opened' })).toEqual({
      send: true,
      reason:
        'sms reports delivery receipts only, so it cannot tell whether the message was opened: following up',
    });
    expect(followUpDecision(send('webhook'), { after, unless: 'clicked' }).send).toBe(true);
  });

  it('follows up a bounced message, and sends nothing when the record is gone', () => {
    expect(
      followUpDecision(send('email', { status: 'FAILED', receipts: ['bounced'] }), {
        after,
        unless: 'opened',
      }),
    ).toEqual({ send: true, reason: 'the email message failed after it was sent (bounced): following up' });
    expect(followUpDecision(null, { after, unless: 'opened' }).send).toBe(false);
  });
});

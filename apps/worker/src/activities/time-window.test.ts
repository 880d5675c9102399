import { expect, test } from 'vitest';
import { isInWindow, nextWindowOpening } from './time-window';

const weekdays = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '09:00', to: '20:00' };

test('inside the window the run continues at once', () => {
  const now = new Date('2026-11-23T10:30:00Z'); // Monday
  expect(nextWindowOpening({ ...weekdays, days: [...weekdays.days] }, 'UTC', now)).toEqual(now);
});

test('after hours on Friday waits for Monday 09:00 in the customer zone', () => {
  const now = new Date('2026-11-27T21:00:00Z'); // Friday 22:00 in Berlin
  expect(
    nextWindowOpening({ ...weekdays, days: [...weekdays.days] }, 'Europe/Berlin', now).toISOString(),
  ).toBe('2026-11-30T08:00:00.000Z');
});

test('a zone west of UTC opens later in UTC', () => {
  const now = new Date('2026-11-24T05:00:00Z'); // Tuesday 00:00 in New York (EST)
  expect(
    nextWindowOpening({ ...weekdays, days: [...weekdays.days] }, 'America/New_York', now).toISOString(),
  ).toBe('2026-11-24T14:00:00.000Z');
});

test('across the spring DST change the wall time stays 09:00', () => {
  const now = new Date('2026-03-28T12:00:00Z'); // Saturday; Berlin switches to CEST on Sunday 29 March
  const opening = nextWindowOpening({ ...weekdays, days: [...weekdays.days] }, 'Europe/Berlin', now);
  expect(opening.toISOString()).toBe('2026-03-30T07:00:00.000Z');
});

test('overnight windows belong to the day they open on', () => {
  const overnight = { days: ['fri' as const], from: '22:00', to: '06:00' };
  expect(isInWindow(overnight, { weekday: 'sat', minutes: 5 * 60 })).toBe(true);
  expect(isInWindow(overnight, { weekday: 'sun', minutes: 5 * 60 })).toBe(false);
  expect(isInWindow(overnight, { weekday: 'fri', minutes: 21 * 60 })).toBe(false);
});

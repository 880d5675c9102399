import { describe, expect, it } from 'vitest';
import { nextCronInstant, parseCron, parseWallTime, wallTimeToInstant, zonedWallTime } from './cron';

const at = (iso: string) => new Date(iso);

describe('parseCron', () => {
  it('expands lists, ranges, steps and names; 7 is Sunday', () => {
    const schedule = parseCron('5/15 9-17/4 * jan,jul sun,7');
    expect([...schedule.minutes]).toEqual([5, 20, 35, 50]);
    expect([...schedule.hours]).toEqual([9, 13, 17]);
    expect([...schedule.months]).toEqual([1, 7]);
    expect([...schedule.daysOfWeek]).toEqual([0]);
    expect(schedule.dayOr).toBe(false);
  });

  it('refuses what cronError refuses', () => {
    expect(() => parseCron('61 * * * *')).toThrow(/minute/);
  });
});

describe('wall time ⇄ instant', () => {
  it('reads wall times and refuses impossible dates', () => {
    expect(parseWallTime('2026-12-24T09:00')).toEqual({
      year: 2026,
      month: 12,
      day: 24,
      hour: 9,
      minute: 0,
      second: 0,
    });
    expect(parseWallTime('2026-02-30T09:00')).toBeNull();
    expect(parseWallTime('2026-12-24T09:00Z')).toBeNull();
  });

  it('a wall time skipped by spring-forward is read with the offset from before (02:30 → 03:30 CEST)', () => {
    const wall = parseWallTime('2026-03-29T02:30')!;
    expect(wallTimeToInstant(wall, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a wall time repeated by fall-back means the earlier instant', () => {
    const wall = parseWallTime('2026-11-01T01:30')!;
    expect(wallTimeToInstant(wall, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedWallTime(at('2026-11-01T06:30:00Z'), 'America/New_York')).toMatchObject({
      hour: 1,
      minute: 30,
    });
  });
});

describe('nextCronInstant', () => {
  it('keeps 09:00 local across the spring-forward change', () => {
    expect(nextCronInstant('0 9 * * *', at('2026-03-27T12:00:00Z'), 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
    expect(nextCronInstant('0 9 * * *', at('2026-03-28T12:00:00Z'), 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('fires a job in the skipped hour once, an hour later; a job in the repeated hour once', () => {
    expect(nextCronInstant('30 2 * * *', at('2026-03-28T12:00:00Z'), 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    const first = nextCronInstant('30 2 * * *', at('2026-10-24T12:00:00Z'), 'Europe/Berlin')!;
    expect(first.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // Not the second 02:30 of that night (01:30Z): the next day's.
    expect(nextCronInstant('30 2 * * *', first, 'Europe/Berlin')?.toISOString()).toBe(
      '2026-10-26T01:30:00.000Z',
    );
  });

  it('is strictly after the given instant', () => {
    // 2026-11-23 is a Monday.
    expect(nextCronInstant('0 9 * * mon', at('2026-11-23T09:00:00Z'), 'UTC')?.toISOString()).toBe(
      '2026-11-30T09:00:00.000Z',
    );
  });

  it('matches either day field when both are restricted (vixie cron)', () => {
    // After Tuesday 24 Nov: Monday 30 Nov comes before the 1st of December.
    expect(nextCronInstant('0 0 1 * mon', at('2026-11-24T00:00:00Z'), 'UTC')?.toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
  });

  it('finds rare days and gives up on impossible ones', () => {
    expect(nextCronInstant('0 12 29 2 *', at('2026-11-24T00:00:00Z'), 'UTC')?.toISOString()).toBe(
      '2028-02-29T12:00:00.000Z',
    );
    expect(nextCronInstant('0 0 31 2 *', at('2026-11-24T00:00:00Z'), 'UTC')).toBeNull();
  });
});

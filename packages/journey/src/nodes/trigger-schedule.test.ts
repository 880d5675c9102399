import { describe, expect, it } from 'vitest';
import { JourneySettings } from '../definition';
import { nextScheduleFire, scheduleFires, triggerSchedule, TriggerScheduleConfig } from './trigger-schedule';

const config = (input: unknown) =>
  TriggerScheduleConfig.parse({ segmentId: 'segment', ...(input as object) });
const window = (after: string, until: string) => ({ after: new Date(after), until: new Date(until) });
const iso = (fires: { fireAt: Date }[]) => fires.map((fire) => fire.fireAt.toISOString());

describe('scheduleFires', () => {
  it('a wall-time once in the trigger zone fires once, at that zone’s instant', () => {
    const once = config({ when: { kind: 'once', at: '2026-12-24T09:00' }, timezone: 'America/New_York' });
    expect(scheduleFires(once, window('2026-12-24T00:00:00Z', '2026-12-25T00:00:00Z'))).toEqual([
      { occurrence: '2026-12-24T14:00:00.000Z', fireAt: new Date('2026-12-24T14:00:00Z'), zones: null },
    ]);
  });

  it('a once in the past never fires', () => {
    const once = config({ when: { kind: 'once', at: '2026-01-01T09:00' }, timezone: 'UTC' });
    expect(scheduleFires(once, window('2026-11-24T00:00:00Z', '2027-11-24T00:00:00Z'))).toEqual([]);
    expect(nextScheduleFire(once, new Date('2026-11-24T00:00:00Z'))).toBeNull();
    const zoned = config({ when: { kind: 'once', at: '2026-01-01T09:00+01:00' } });
    expect(nextScheduleFire(zoned, new Date('2026-11-24T00:00:00Z'))).toBeNull();
    expect(nextScheduleFire(zoned, new Date('2025-11-24T00:00:00Z'))?.toISOString()).toBe(
      '2026-01-01T08:00:00.000Z',
    );
  });

  it('customer local time: one occurrence, one fire per distinct instant, zones grouped by instant', () => {
    const local = config({
      when: { kind: 'once', at: '2026-12-24T09:00' },
      customerLocalTime: true,
      timezone: 'UTC',
    });
    const fires = scheduleFires(local, window('2026-12-23T00:00:00Z', '2026-12-26T00:00:00Z'), [
      'Europe/Berlin',
      'America/New_York',
      'Asia/Kathmandu',
      'Europe/Paris',
    ]);
    expect(fires).toEqual([
      { occurrence: '2026-12-24T09:00', fireAt: new Date('2026-12-24T03:15:00Z'), zones: ['Asia/Kathmandu'] },
      {
        occurrence: '2026-12-24T09:00',
        fireAt: new Date('2026-12-24T08:00:00Z'),
        zones: ['Europe/Berlin', 'Europe/Paris'],
      },
      // The trigger's own zone is always planned: customers without a known zone enter at its instant.
      { occurrence: '2026-12-24T09:00', fireAt: new Date('2026-12-24T09:00:00Z'), zones: ['UTC'] },
      {
        occurrence: '2026-12-24T09:00',
        fireAt: new Date('2026-12-24T14:00:00Z'),
        zones: ['America/New_York'],
      },
    ]);
    // Only the fires inside the window: the scheduler plans slice by slice.
    expect(
      iso(
        scheduleFires(local, window('2026-12-24T08:00:00Z', '2026-12-24T14:00:00Z'), [
          'Europe/Berlin',
          'America/New_York',
        ]),
      ),
    ).toEqual(['2026-12-24T09:00:00.000Z', '2026-12-24T14:00:00.000Z']);
  });

  it('cron in customer local time across a DST change: each zone keeps its wall time', () => {
    const daily = config({
      when: { kind: 'cron', expression: '0 9 * * *' },
      customerLocalTime: true,
      timezone: 'UTC',
    });
    const fires = scheduleFires(daily, window('2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z'), [
      'Europe/Berlin',
    ]);
    expect(fires.map((fire) => [fire.occurrence, fire.fireAt.toISOString(), fire.zones])).toEqual([
      ['2026-03-28T09:00', '2026-03-28T08:00:00.000Z', ['Europe/Berlin']],
      ['2026-03-28T09:00', '2026-03-28T09:00:00.000Z', ['UTC']],
      ['2026-03-29T09:00', '2026-03-29T07:00:00.000Z', ['Europe/Berlin']],
      ['2026-03-29T09:00', '2026-03-29T09:00:00.000Z', ['UTC']],
    ]);
  });

  it('wall times in a DST gap that land on the same instant fire once', () => {
    const halfHourly = config({
      when: { kind: 'cron', expression: '*/30 * * * *' },
      timezone: 'Europe/Berlin',
    });
    // 01:30 CET, then 02:00 and 02:30 do not exist (→ 03:00 and 03:30 CEST), which 03:00 and 03:30 repeat.
    expect(iso(scheduleFires(halfHourly, window('2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z')))).toEqual([
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
  });

  it('an instant with an offset is the same for everyone', () => {
    const zoned = config({
      when: { kind: 'once', at: '2026-12-24T09:00:00+01:00' },
      timezone: 'America/New_York',
    });
    expect(iso(scheduleFires(zoned, window('2026-12-24T00:00:00Z', '2026-12-25T00:00:00Z')))).toEqual([
      '2026-12-24T08:00:00.000Z',
    ]);
  });
});

describe('nextScheduleFire', () => {
  it('gives the next cron instant in the trigger zone or in a customer’s zone', () => {
    const weekly = config({
      when: { kind: 'cron', expression: '0 9 * * mon' },
      timezone: 'Europe/Berlin',
      customerLocalTime: true,
    });
    const after = new Date('2026-11-24T00:00:00Z');
    expect(nextScheduleFire(weekly, after)?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(nextScheduleFire(weekly, after, 'Australia/Sydney')?.toISOString()).toBe(
      '2026-11-29T22:00:00.000Z',
    );
  });
});

describe('compile', () => {
  const compile = (input: unknown) =>
    triggerSchedule.compile!(config(input), {
      nodeId: 'sched',
      settings: JourneySettings.parse({}),
      entryEvent: 'always',
    });

  it('refuses a cron schedule that names no real day, and takes rare ones', () => {
    expect(compile({ when: { kind: 'cron', expression: '0 0 31 2 *' } })).toEqual([
      { nodeId: 'sched', field: 'when.expression', message: expect.stringContaining('no real day') },
    ]);
    expect(compile({ when: { kind: 'cron', expression: '0 12 29 2 *' } })).toEqual([]);
    expect(compile({ when: { kind: 'cron', expression: '0 9 13 * fri' } })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ScheduleFireRow } from '@nudgeflow/db';
import { fireAudience, fireEntries, plannedTimeZones, scheduleEntryMessageId } from './fan-out';

const localFire = (fireAt: string, zones: string[]): ScheduleFireRow => ({
  id: 'fire',
  workspaceId: 'ws',
  journeyId: 'journey',
  triggerNodeId: 'holiday',
  occurrence: '2026-12-24T09:00',
  fireAt: new Date(fireAt),
  zones,
  cursor: null,
  config: {
    when: { kind: 'once', at: '2026-12-24T09:00' },
    customerLocalTime: true,
    timezone: 'UTC',
    segmentId: 'segment',
  },
});

describe('schedule fan-out', () => {
  it('asks for customers without a zone only at the trigger zone’s instant', () => {
    expect(fireAudience(localFire('2026-12-24T09:00:00Z', ['UTC']))).toMatchObject({
      segmentId: 'segment',
      withoutZone: true,
    });
    expect(fireAudience(localFire('2026-12-24T08:00:00Z', ['Europe/Berlin']))).toMatchObject({
      withoutZone: false,
    });
    expect(fireAudience({ ...localFire('2026-12-24T08:00:00Z', ['Europe/Berlin']), config: null })).toEqual({
      skip: expect.stringContaining('not live'),
    });
  });

  it('enters a zone the runtime does not list (an alias, garbage) only at its own instant', () => {
    const alias = plannedTimeZones().includes('Asia/Kolkata') ? 'Asia/Calcutta' : 'Asia/Kolkata';
    const members = [
      { customerId: 'berlin', timezone: 'Europe/Berlin' },
      { customerId: 'alias', timezone: alias },
      { customerId: 'garbage', timezone: 'Mars/Olympus' },
      { customerId: 'none', timezone: null },
    ];
    const now = new Date('2026-12-24T12:00:00Z');
    const ids = (fire: ScheduleFireRow) => fireEntries(fire, members, now).map((entry) => entry.customerId);
    // The query returns the fire's zones plus unlisted ones; the fan-out keeps those at this instant.
    expect(ids(localFire('2026-12-24T08:00:00Z', ['Europe/Berlin']))).toEqual(['berlin']);
    expect(ids(localFire('2026-12-24T03:30:00Z', ['Asia/Colombo']))).toEqual(['alias']);
    // Unknown zones follow the trigger's zone, like customers without one.
    expect(ids(localFire('2026-12-24T09:00:00Z', ['UTC']))).toEqual(['garbage', 'none']);
  });

  it('names trigger and occurrence in the entry event, one messageId per customer and occurrence', () => {
    const fire = localFire('2026-12-24T08:00:00Z', ['Europe/Berlin']);
    const [entry] = fireEntries(
      fire,
      [{ customerId: 'c1', timezone: 'Europe/Berlin' }],
      new Date('2026-12-24T08:00:01Z'),
    );
    expect(entry).toMatchObject({
      name: 'Journey Schedule Trigger',
      type: 'INTERNAL',
      messageId: 'schedule:journey:holiday:2026-12-24T09:00:c1',
      properties: {
        journeyId: 'journey',
        triggerNodeId: 'holiday',
        occurrence: '2026-12-24T09:00',
        fireAt: '2026-12-24T08:00:00.000Z',
        timezone: 'Europe/Berlin',
      },
    });
    expect(scheduleEntryMessageId({ ...fire, occurrence: '2026-12-24T09:00' }, 'c1')).toBe(entry!.messageId);
  });
});

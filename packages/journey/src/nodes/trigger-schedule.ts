import { z } from 'zod';
import {
  cronError,
  cronWallTimesBetween,
  formatWallTime,
  isValidTimeZone,
  nextCronInstant,
  parseCron,
  parseWallTime,
  timeZoneOffsetMs,
  wallTimeToInstant,
  type CronSchedule,
  type WallTime,
} from '../cron';
import type { JourneyDefinition } from '../definition';
import { defineNodeKind, type JourneyError } from '../node-kind';

const NEVER_CHECK_FROM = new Date('2000-01-01T00:00:00Z');
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The internal event the worker's scheduler appends (through the outbox, like every other event) for each
 * customer a schedule trigger enters. Properties: `journeyId`, `triggerNodeId`, `occurrence` (the instant,
 * or the wall time for customer-local schedules), `fireAt` (this customer's instant) and `timezone`.
 */
export const JOURNEY_SCHEDULE_TRIGGER_EVENT = 'Journey Schedule Trigger';

export const ScheduleWhen = z.discriminatedUnion('kind', [
  /**
   * Once, at an ISO date-time. Without an offset (`2026-12-24T09:00`) it is wall time in `timezone`, or in
   * each customer's own time zone with `customerLocalTime`; with an offset it is one instant for everyone.
   */
  z.object({ kind: z.literal('once'), at: z.string().min(1, 'Choose a date and time') }),
  /** Repeatedly, by a five-field cron expression evaluated in `timezone` (or customer local time). */
  z.object({ kind: z.literal('cron'), expression: z.string().min(1, 'Enter a cron expression') }),
]);
export type ScheduleWhen = z.infer<typeof ScheduleWhen>;

/** Enters every member of an audience segment at a date or on a cron schedule (holiday offers by region). */
export const TriggerScheduleConfig = z.object({
  when: ScheduleWhen,
  /** Fire at the given wall time in each customer's own time zone rather than once for everyone. */
  customerLocalTime: z.boolean().default(false),
  /** Time zone of the schedule, and the fallback for customers without a known time zone. */
  timezone: z.string().min(1).default('UTC'),
  /** Who enters: the members of this segment at the time the schedule fires. */
  segmentId: z.string().min(1, 'Choose an audience segment'),
});
export type TriggerScheduleConfig = z.infer<typeof TriggerScheduleConfig>;

export const triggerSchedule = defineNodeKind({
  type: 'trigger.schedule',
  version: 1,
  title: 'Schedule',
  description:
    'A segment enters at a date or on a repeating schedule, optionally at each customer’s local time.',
  category: 'trigger',
  configSchema: TriggerScheduleConfig,
  defaultConfig: { when: { kind: 'once', at: '' }, customerLocalTime: false, timezone: 'UTC', segmentId: '' },
  outputs: () => [{ name: 'default', label: 'Entered' }],
  summary: (config) =>
    `${config.when.kind === 'once' ? `On ${config.when.at}` : `On schedule ${config.when.expression}`}${
      config.customerLocalTime ? ' (customer local time)' : ` (${config.timezone})`
    }`,
  compile: (config, ctx) => {
    const errors: JourneyError[] = [];
    const { nodeId } = ctx;
    if (config.when.kind === 'cron') {
      const problem = cronError(config.when.expression);
      if (problem) errors.push({ nodeId, field: 'when.expression', message: problem });
      // Weekdays repeat on the same dates every 28 years: no match from a fixed start within 28 years, none ever.
      else if (nextCronInstant(config.when.expression, NEVER_CHECK_FROM, 'UTC', 366 * 28) === null) {
        errors.push({
          nodeId,
          field: 'when.expression',
          message: 'This schedule names no real day (e.g. 31 February)',
        });
      }
    } else {
      const at = config.when.at;
      const zoned = ZONED_DATE_TIME.test(at);
      if (!zoned && !LOCAL_DATE_TIME.test(at)) {
        errors.push({ nodeId, field: 'when.at', message: 'Use an ISO date-time such as 2026-12-24T09:00' });
      } else if (Number.isNaN(Date.parse(zoned ? at : `${at}Z`))) {
        errors.push({ nodeId, field: 'when.at', message: `${at} is not a real date` });
      } else if (zoned && config.customerLocalTime) {
        errors.push({
          nodeId,
          field: 'when.at',
          message: 'With customer local time, give a wall time without an offset (2026-12-24T09:00)',
        });
      }
    }
    if (!isValidTimeZone(config.timezone)) {
      errors.push({ nodeId, field: 'timezone', message: `Unknown time zone "${config.timezone}"` });
    }
    if (ctx.known?.segmentIds && !ctx.known.segmentIds.has(config.segmentId)) {
      errors.push({ nodeId, field: 'segmentId', message: `Segment ${config.segmentId} does not exist` });
    }
    return errors;
  },
  ui: {
    icon: 'calendar-clock',
    color: '#7c3aed',
    fields: {
      'when.kind': { widget: 'select', label: 'Repeat' },
      'when.at': { widget: 'datetime', label: 'At', showIf: { field: 'when.kind', equals: ['once'] } },
      'when.expression': {
        widget: 'cron',
        label: 'Cron',
        placeholder: '0 9 * * 1',
        showIf: { field: 'when.kind', equals: ['cron'] },
      },
      customerLocalTime: { widget: 'switch', label: 'At each customer’s local time' },
      timezone: { widget: 'timezone', label: 'Time zone' },
      segmentId: { widget: 'segment-picker', label: 'Audience' },
    },
  },
  runtime: { kind: 'workflow' },
  // Appended by the worker's scheduler (apps/worker/src/schedules) for one trigger node of this journey.
  matchesEntry: (_config, { event, journeyId, triggerNodeId }) =>
    event.name === JOURNEY_SCHEDULE_TRIGGER_EVENT &&
    event.properties['journeyId'] === journeyId &&
    event.properties['triggerNodeId'] === triggerNodeId,
});

/**
 * One instant at which a schedule trigger enters customers. `occurrence` names the schedule's occurrence: the
 * instant itself (ISO) for a schedule in one time zone, or the wall time (`2026-12-24T09:00`) for a
 * customer-local one, which happens at up to ~38 instants (one per UTC offset in use) — one fire each,
 * entering the customers whose zone is in `zones`. `zones` is null when everyone enters at this instant.
 */
export interface ScheduleFire {
  occurrence: string;
  fireAt: Date;
  zones: string[] | null;
}

const HOUR = 3_600_000;

/** The instants a wall time or cron schedule happens in one zone with `after < instant <= until`. */
function firesInZone(
  config: TriggerScheduleConfig,
  cron: CronSchedule | null,
  timeZone: string,
  after: Date,
  until: Date,
): { wall: WallTime; fireAt: Date }[] {
  let walls: WallTime[];
  if (cron) {
    // An instant in the window shows a wall time of instant + its offset; a wall time skipped by a DST gap
    // lands at wall - the offset from before the gap. Both offsets are the zone's offsets at the window's ends
    // (zones change offset at most twice a year, never twice within one planning window).
    const offsets = [timeZoneOffsetMs(after, timeZone), timeZoneOffsetMs(until, timeZone)];
    walls = cronWallTimesBetween(
      cron,
      after.getTime() + Math.min(...offsets),
      until.getTime() + Math.max(...offsets),
    );
  } else {
    const wall = config.when.kind === 'once' ? parseWallTime(config.when.at) : null;
    walls = wall ? [wall] : [];
  }
  const fires: { wall: WallTime; fireAt: Date }[] = [];
  const seen = new Set<number>();
  for (const wall of walls) {
    const fireAt = wallTimeToInstant(wall, timeZone);
    // A wall time in a DST gap lands on the instant of a later one (02:30 → 03:30): the earlier fires, once.
    if (seen.has(fireAt.getTime())) continue;
    seen.add(fireAt.getTime());
    if (fireAt.getTime() > after.getTime() && fireAt.getTime() <= until.getTime())
      fires.push({ wall, fireAt });
  }
  return fires;
}

/**
 * The fires of a schedule trigger with `after < fireAt <= until`, ascending. `zones` are the time zones to
 * plan customer-local schedules for (the worker passes every zone it knows); a `once` in the past of
 * `after` never fires. The config must have compiled (valid cron, zone and date).
 */
export function scheduleFires(
  config: TriggerScheduleConfig,
  window: { after: Date; until: Date },
  zones: readonly string[] = [],
): ScheduleFire[] {
  const { after, until } = window;
  if (until.getTime() <= after.getTime()) return [];
  const cron = config.when.kind === 'cron' ? parseCron(config.when.expression) : null;
  if (config.when.kind === 'once' && parseWallTime(config.when.at) === null) {
    // With an offset: one instant for everyone (the compiler refuses offsets with customer local time).
    const fireAt = new Date(config.when.at);
    return fireAt.getTime() > after.getTime() && fireAt.getTime() <= until.getTime()
      ? [{ occurrence: fireAt.toISOString(), fireAt, zones: null }]
      : [];
  }
  if (!config.customerLocalTime) {
    return firesInZone(config, cron, config.timezone, after, until).map(({ fireAt }) => ({
      occurrence: fireAt.toISOString(),
      fireAt,
      zones: null,
    }));
  }
  const byFire = new Map<string, ScheduleFire>();
  for (const zone of new Set([...zones, config.timezone])) {
    for (const { wall, fireAt } of firesInZone(config, cron, zone, after, until)) {
      const occurrence = formatWallTime(wall);
      const key = `${occurrence}|${fireAt.toISOString()}`;
      const fire = byFire.get(key);
      if (fire) fire.zones!.push(zone);
      else byFire.set(key, { occurrence, fireAt, zones: [zone] });
    }
  }
  return [...byFire.values()]
    .map((fire) => ({ ...fire, zones: fire.zones!.sort() }))
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.occurrence.localeCompare(b.occurrence));
}

/**
 * The next instant after `after` at which the trigger enters anyone in `timeZone` (the trigger's own zone
 * unless given: customer-local schedules fire per zone), or null when it never will (a past `once`).
 */
export function nextScheduleFire(
  config: TriggerScheduleConfig,
  after: Date,
  timeZone = config.timezone,
): Date | null {
  const zoneConfig = { ...config, customerLocalTime: false, timezone: timeZone };
  const MONTH = 31 * 24 * HOUR;
  if (config.when.kind === 'once') {
    const [fire] = scheduleFires(zoneConfig, { after, until: new Date(after.getTime() + 200 * 12 * MONTH) });
    return fire?.fireAt ?? null;
  }
  // Day by day for five years: a cron schedule may name rare days (29 February) or none (31 February).
  const DAY = 24 * HOUR;
  for (let from = after.getTime(), step = 0; step < 366 * 5; step++, from += DAY) {
    const [fire] = scheduleFires(zoneConfig, { after: new Date(from), until: new Date(from + DAY) });
    if (fire) return fire.fireAt;
  }
  return null;
}

/** The schedule trigger nodes of a definition with their configs: what the worker's scheduler plans fires for. */
export function scheduleTriggersOf(
  definition: Pick<JourneyDefinition, 'nodes' | 'triggerNodeIds'>,
): { nodeId: string; config: TriggerScheduleConfig }[] {
  return definition.triggerNodeIds.flatMap((nodeId) => {
    const node = definition.nodes[nodeId];
    return node?.kind === triggerSchedule.type
      ? [{ nodeId, config: TriggerScheduleConfig.parse(node.config) }]
      : [];
  });
}

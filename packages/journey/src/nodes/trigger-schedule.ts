import { z } from 'zod';
import { cronError, isValidTimeZone } from '../cron';
import { defineNodeKind, type JourneyError } from '../node-kind';

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

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
});

import { z } from 'zod';
import { isValidTimeZone } from '../cron';
import { defineNodeKind, type JourneyError } from '../node-kind';

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, 24-hour');

/**
 * Waits until the customer's local time is inside a window (e.g. 09:00–20:00 on weekdays); continues at once
 * when it already is. `to` earlier than `from` is an overnight window (22:00–06:00). `to` is exclusive.
 */
export const WaitWindowConfig = z.object({
  days: z.array(Weekday).min(1, 'Choose at least one day').default(['mon', 'tue', 'wed', 'thu', 'fri']),
  from: TimeOfDay,
  to: TimeOfDay,
  /** Used for customers whose time zone is unknown. */
  fallbackTimezone: z.string().min(1).default('UTC'),
});
export type WaitWindowConfig = z.infer<typeof WaitWindowConfig>;

export const waitWindow = defineNodeKind({
  type: 'wait.window',
  version: 1,
  title: 'Wait for time window',
  description: 'Wait until a time window in the customer’s time zone, e.g. 09:00–20:00 on weekdays.',
  category: 'wait',
  configSchema: WaitWindowConfig,
  defaultConfig: {
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    from: '09:00',
    to: '20:00',
    fallbackTimezone: 'UTC',
  },
  outputs: () => [{ name: 'default', label: 'In window' }],
  summary: (config) => `Wait until ${config.from}–${config.to} on ${config.days.join(', ')}`,
  compile: (config, ctx) => {
    const errors: JourneyError[] = [];
    if (config.from === config.to) {
      errors.push({
        nodeId: ctx.nodeId,
        field: 'to',
        message: 'The window must not start and end at the same time',
      });
    }
    if (!isValidTimeZone(config.fallbackTimezone)) {
      errors.push({
        nodeId: ctx.nodeId,
        field: 'fallbackTimezone',
        message: `Unknown time zone "${config.fallbackTimezone}"`,
      });
    }
    return errors;
  },
  ui: {
    icon: 'clock',
    color: '#0ea5e9',
    fields: {
      days: { widget: 'weekdays', label: 'Days' },
      from: { widget: 'time-of-day', label: 'From' },
      to: { widget: 'time-of-day', label: 'Until' },
      fallbackTimezone: { widget: 'timezone', label: 'If the customer’s time zone is unknown' },
    },
  },
  // The customer's time zone is in the database: `nextWindowStart` computes the instant, then a timer waits.
  runtime: { kind: 'workflow', activities: ['nextWindowStart'] },
});

import { z } from 'zod';
import { EventMatcher } from '../definition';
import { Duration, formatDuration } from '../duration';
import { defineNodeKind, type JourneyError } from '../node-kind';

const OutputId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Use lowercase letters, digits, - and _ (at most 40)');

export const AwaitedEvent = z.object({
  /** Stable id; the node's output for this event is `event:<id>`. */
  id: OutputId,
  matcher: EventMatcher,
  /**
   * Entry-event property that must be equal on this event (e.g. `cart_id`: only an `Order Completed` for the
   * same cart ends the wait).
   */
  matchEntryKey: z.string().min(1).max(200).optional(),
});
export type AwaitedEvent = z.infer<typeof AwaitedEvent>;

/** Waits until one of several events happens, or the timeout: each with its own path out. */
export const WaitEventsConfig = z.object({
  events: z.array(AwaitedEvent).min(1, 'Add at least one event to wait for').max(10),
  timeout: Duration,
});
export type WaitEventsConfig = z.infer<typeof WaitEventsConfig>;

export const WAIT_EVENTS_TIMEOUT_OUTPUT = 'timeout';

/** Output name taken when the awaited event with this id happens. */
export function awaitedEventOutput(id: string): string {
  return `event:${id}`;
}

export const waitEvents = defineNodeKind({
  type: 'wait.events',
  version: 1,
  title: 'Wait for event',
  description: 'Wait until the customer does one of several events, or give up after a timeout.',
  category: 'wait',
  configSchema: WaitEventsConfig,
  defaultConfig: {
    events: [{ id: 'event', matcher: { event: '', where: [] } }],
    timeout: { amount: 1, unit: 'days' },
  },
  outputs: (config) => [
    ...config.events.map((awaited) => ({
      name: awaitedEventOutput(awaited.id),
      label: awaited.matcher.event || awaited.id,
    })),
    { name: WAIT_EVENTS_TIMEOUT_OUTPUT, label: `No event in ${formatDuration(config.timeout)}` },
  ],
  summary: (config) =>
    `Wait up to ${formatDuration(config.timeout)} for ${config.events.map((awaited) => awaited.matcher.event || '…').join(' or ')}`,
  compile: (config, ctx) => {
    const errors: JourneyError[] = [];
    const seen = new Set<string>();
    config.events.forEach((awaited, index) => {
      if (seen.has(awaited.id)) {
        errors.push({
          nodeId: ctx.nodeId,
          field: `events.${index}.id`,
          message: `Event id "${awaited.id}" is used twice`,
        });
      }
      seen.add(awaited.id);
      if (awaited.matchEntryKey !== undefined && ctx.entryEvent !== 'always') {
        errors.push({
          nodeId: ctx.nodeId,
          field: `events.${index}.matchEntryKey`,
          message: `Runs entering through a segment or schedule trigger have no entry event to match "${awaited.matchEntryKey}" against`,
        });
      }
    });
    return errors;
  },
  ui: {
    icon: 'mail-question-mark',
    color: '#0ea5e9',
    fields: {
      events: { label: 'Events' },
      'events.*.id': { label: 'Path id' },
      'events.*.matcher': { widget: 'event-matcher', label: 'Event' },
      'events.*.matchEntryKey': {
        widget: 'text',
        label: 'Same value as the entry event for',
        placeholder: 'cart_id',
      },
      timeout: { widget: 'duration', label: 'Give up after' },
    },
  },
  runtime: { kind: 'workflow' },
  alwaysWaits: true,
});

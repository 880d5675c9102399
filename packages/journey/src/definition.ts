import { z } from 'zod';
import { PropertyFilter } from '@nudgeflow/segments';

/**
 * The compiled form of a journey: what publishing produces, what is stored in JourneyVersion.definition,
 * and what workflows/journeyRun is started with. A running customer executes exactly this object, frozen,
 * for as long as the run lives — so every change here must stay readable by the interpreter for old
 * versions (bump `schemaVersion` and keep reading the old one).
 */

export const DEFINITION_SCHEMA_VERSION = 1;

/** Matches an incoming event by name and property filters (e.g. `Product Added` where category = shoes). */
export const EventMatcher = z.object({
  event: z
    .string({ error: (issue) => (issue.input === undefined ? 'Choose an event' : 'An event name is text') })
    .min(1, 'Choose an event')
    .max(200),
  where: z.array(PropertyFilter).max(50).default([]),
});
export type EventMatcher = z.infer<typeof EventMatcher>;

export const ReentryRule = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('never') }),
  z.object({ mode: z.literal('after'), days: z.number().positive().max(3650) }),
  z.object({ mode: z.literal('always') }),
]);
export type ReentryRule = z.infer<typeof ReentryRule>;

export const JourneySettings = z.object({
  entry: z
    .object({
      reentry: ReentryRule.default({ mode: 'never' }),
      /**
       * One active run per customer (null), or one per value of this entry-event property (e.g. `cart_id`):
       * the workflow id is built from it, so a second `Product Added` for the same cart starts nothing.
       */
      uniqueBy: z.string().min(1).max(200).nullable().default(null),
    })
    .prefault({}),
  /** Events that end a run at once, wherever it waits. */
  exitCriteria: z.array(EventMatcher).max(20).default([]),
  /** Conversion goal: a goal event within the window after a message counts as that message's conversion. */
  goal: z
    .object({
      event: EventMatcher,
      attributionWindowHours: z
        .number()
        .positive()
        .max(24 * 90),
    })
    .nullable()
    .default(null),
  governance: z
    .object({
      frequencyCaps: z.boolean().default(true),
      /** What a message does inside the customer's quiet hours: wait for the window to end, skip, or ignore them. */
      quietHours: z.enum(['defer', 'skip', 'ignore']).default('defer'),
    })
    .prefault({}),
});
export type JourneySettings = z.infer<typeof JourneySettings>;

/**
 * A node as the interpreter sees it. `config` has been validated against the node kind's schema at compile
 * time; `next` maps each output of the node (e.g. `default`, `timeout`, `branch:vip`) to the following node
 * id, or null where the path ends.
 *
 * `kind`/`kindVersion` name a NodeKind in the registry (src/nodes/index.ts, plugins added with
 * `createNodeKindRegistry(extra)`); its `runtime` says whether the interpreter runs it itself or calls an
 * activity. Output names come from the kind's `outputs(config)`; the per-kind helpers (`awaitedEventOutput`,
 * `branchOutput`, `splitOutput`, `MESSAGE_SENT_OUTPUT` …) build them, so nobody spells them by hand.
 * `config` is the schema's *output* (defaults applied), so the interpreter never re-applies defaults.
 */
export const CompiledNode = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  kindVersion: z.number().int().positive(),
  config: z.unknown(),
  next: z.record(z.string(), z.string().nullable()),
});
export type CompiledNode = z.infer<typeof CompiledNode>;

export const JourneyDefinition = z.object({
  schemaVersion: z.literal(DEFINITION_SCHEMA_VERSION),
  journeyId: z.string(),
  versionId: z.string(),
  version: z.number().int().positive(),
  name: z.string(),
  settings: JourneySettings,
  /** Ids of trigger nodes; each trigger's `next.default` is where a customer entering through it goes. */
  triggerNodeIds: z.array(z.string()).min(1),
  nodes: z.record(z.string(), CompiledNode),
});
export type JourneyDefinition = z.infer<typeof JourneyDefinition>;

import { z } from 'zod';
import {
  CountComparison,
  InSegmentCondition,
  LastPerformedCondition,
  MAX_DEPTH,
  MessageCondition,
  NotPerformedCondition,
  PerformedCondition,
  ProfileTimeCondition,
  PropertyFilter,
  RandomBucketCondition,
  ReachableCondition,
  SegmentPropertyFilter,
  TopicCondition,
  TraitCondition,
  matchesPropertyFilter,
  type SegmentCondition,
} from '@nudgeflow/segments';
import type { RunEvent } from './run-protocol';

/**
 * What a branch path tests: the segment condition language of `@nudgeflow/segments` (traits, event history
 * with counts and windows, message engagement, reachability, topics, segment membership) — so the canvas
 * reuses the segment builder and both mean the same thing — extended with three leaves only a run has:
 * - `entry_property`: a property of the event that started the run (`cart_value gt 100`);
 * - `performed_since_entry`: how many times the customer did an event since they entered (`eq 0` = not);
 * - `webhook_response`: the HTTP status a message node's webhook got in this run (`2xx`, `eq 201`).
 * `resolveBranchCondition` turns a branch condition into a plain SegmentCondition for one run, so the
 * branch activity evaluates it with the segments evaluator (`evaluateCondition`) and its facts loader.
 */

export const EntryPropertyCondition = z.object({
  kind: z.literal('entry_property'),
  filter: PropertyFilter,
});
export type EntryPropertyCondition = z.infer<typeof EntryPropertyCondition>;

export const PerformedSinceEntryCondition = z.object({
  kind: z.literal('performed_since_entry'),
  event: z.string().min(1).max(200),
  where: z.array(SegmentPropertyFilter).max(50).default([]),
  /** "Did X" is `gte 1` (the default), "did not do X" is `eq 0`, "at least 3 times" is `gte 3`. */
  count: CountComparison.default({ op: 'gte', value: 1 }),
});
export type PerformedSinceEntryCondition = z.infer<typeof PerformedSinceEntryCondition>;

const HttpStatus = z.number().int().min(100).max(599);

/** How a status is tested: its class (`2xx`), one status, or any of a list. */
export const WebhookStatusTest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('class'), value: z.enum(['2xx', '3xx', '4xx', '5xx']) }),
  z.object({ op: z.literal('eq'), value: HttpStatus }),
  z.object({ op: z.literal('in'), values: z.array(HttpStatus).min(1).max(20) }),
]);
export type WebhookStatusTest = z.infer<typeof WebhookStatusTest>;

/**
 * The final HTTP status the receiver of message node `nodeId`'s webhook answered in this run (its latest
 * send; a refusal such as 422 counts, the node then went on `skipped`). No answer (the node was not
 * reached, the receiver was unreachable) never holds: `not` of it is "no 2xx".
 */
export const WebhookResponseCondition = z.object({
  kind: z.literal('webhook_response'),
  nodeId: z.string().min(1).max(100),
  status: WebhookStatusTest,
});
export type WebhookResponseCondition = z.infer<typeof WebhookResponseCondition>;

export function webhookStatusMatches(status: number | null, test: WebhookStatusTest): boolean {
  if (status === null) return false;
  switch (test.op) {
    case 'class':
      return Math.floor(status / 100) === Number(test.value[0]);
    case 'eq':
      return status === test.value;
    case 'in':
      return test.values.includes(status);
  }
}

export type BranchLeafCondition =
  | Exclude<SegmentCondition, { kind: 'and' | 'or' | 'not' }>
  | EntryPropertyCondition
  | PerformedSinceEntryCondition
  | WebhookResponseCondition;

export type BranchCondition =
  | { kind: 'and'; conditions: BranchCondition[] }
  | { kind: 'or'; conditions: BranchCondition[] }
  | { kind: 'not'; condition: BranchCondition }
  | BranchLeafCondition;

const BranchLeafCondition = z.discriminatedUnion('kind', [
  TraitCondition,
  ProfileTimeCondition,
  PerformedCondition,
  NotPerformedCondition,
  LastPerformedCondition,
  MessageCondition,
  ReachableCondition,
  TopicCondition,
  InSegmentCondition,
  RandomBucketCondition,
  EntryPropertyCondition,
  PerformedSinceEntryCondition,
  WebhookResponseCondition,
]);

/** All of `conditions` (empty: always true). */
const AndBranchCondition = z.object({
  kind: z.literal('and'),
  conditions: z.array(z.lazy(() => BranchCondition)).max(50),
});
/** Any of `conditions` (empty: never true). */
const OrBranchCondition = z.object({
  kind: z.literal('or'),
  conditions: z.array(z.lazy(() => BranchCondition)).max(50),
});
const NotBranchCondition = z.object({ kind: z.literal('not'), condition: z.lazy(() => BranchCondition) });

/**
 * Discriminated on `kind` (nested unions flatten), so an invalid condition is reported against the one
 * option its kind names, at the deepest field (`since.unit: expected one of …`), not as `Invalid input`.
 */
export const BranchCondition: z.ZodType<BranchCondition, unknown> = z.discriminatedUnion('kind', [
  AndBranchCondition,
  OrBranchCondition,
  NotBranchCondition,
  BranchLeafCondition,
]);

export const MAX_CONDITION_DEPTH = MAX_DEPTH;

export function conditionDepth(condition: BranchCondition): number {
  if (condition.kind === 'and' || condition.kind === 'or') {
    return 1 + Math.max(0, ...condition.conditions.map(conditionDepth));
  }
  if (condition.kind === 'not') return 1 + conditionDepth(condition.condition);
  return 1;
}

/** Every leaf of a condition tree, in order, with its dotted path from the tree's root. */
export function conditionLeaves(
  condition: BranchCondition,
  path = '',
): { path: string; leaf: BranchLeafCondition }[] {
  const join = (suffix: string) => (path ? `${path}.${suffix}` : suffix);
  if (condition.kind === 'and' || condition.kind === 'or') {
    return condition.conditions.flatMap((child, index) =>
      conditionLeaves(child, join(`conditions.${index}`)),
    );
  }
  if (condition.kind === 'not') return conditionLeaves(condition.condition, join('condition'));
  return [{ path, leaf: condition }];
}

const ALWAYS: SegmentCondition = { kind: 'and', conditions: [] };
const NEVER: SegmentCondition = { kind: 'or', conditions: [] };

export interface BranchRunContext {
  /** The event that started the run, if any. */
  entryEvent?: Pick<RunEvent, 'properties' | 'timestamp'>;
  /** When the run started (ISO); "since entry" counts from the entry event, else from here. */
  enteredAt: string;
  /** Final webhook status per message node id in this run (null or absent: no answer). */
  webhookStatuses?: Readonly<Record<string, number | null>>;
}

/** Message node ids whose webhook answers a condition reads: what the branch activity must load. */
export function webhookResponseNodeIds(condition: BranchCondition): string[] {
  const ids = conditionLeaves(condition)
    .map(({ leaf }) => leaf)
    .filter((leaf): leaf is WebhookResponseCondition => leaf.kind === 'webhook_response')
    .map((leaf) => leaf.nodeId);
  return [...new Set(ids)];
}

/**
 * Compile-time check of a condition's webhook leaves against the journey's other nodes: the node must
 * exist, be a message node, and send by webhook. `field` is the condition's dotted path in the branch.
 */
export function webhookResponseErrors(
  condition: BranchCondition,
  field: string,
  nodes: ReadonlyMap<string, { kind: string; config: unknown }>,
): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  for (const { path, leaf } of conditionLeaves(condition)) {
    if (leaf.kind !== 'webhook_response') continue;
    const at = `${field}${path ? `.${path}` : ''}.nodeId`;
    const target = nodes.get(leaf.nodeId);
    if (!target) {
      errors.push({
        field: at,
        message: `Node "${leaf.nodeId}" does not exist: pick the message node that calls the webhook`,
      });
    } else if (target.kind !== 'message') {
      errors.push({
        field: at,
        message: `Node "${leaf.nodeId}" is a ${target.kind} node, not a message node: only message nodes call webhooks`,
      });
    } else if (!sendsByWebhook(target.config)) {
      errors.push({
        field: at,
        message: `Message node "${leaf.nodeId}" has no webhook channel, so it never gets a response status`,
      });
    }
  }
  return errors;
}

function sendsByWebhook(config: unknown): boolean {
  const lists = [
    (config as { channels?: unknown } | null)?.channels,
    (config as { followUp?: { channels?: unknown } } | null)?.followUp?.channels,
  ];
  return lists.some(
    (list) =>
      Array.isArray(list) &&
      list.some((step) => (step as { channel?: unknown } | null)?.channel === 'webhook'),
  );
}

/**
 * The segment condition a branch condition means for one run: entry-property tests are decided now (they
 * read only the entry event), and "since entry" becomes "since <entry time>". The entry event itself is not
 * counted: the window opens one millisecond after it.
 */
export function resolveBranchCondition(condition: BranchCondition, run: BranchRunContext): SegmentCondition {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return {
        kind: condition.kind,
        conditions: condition.conditions.map((child) => resolveBranchCondition(child, run)),
      };
    case 'not':
      return { kind: 'not', condition: resolveBranchCondition(condition.condition, run) };
    case 'entry_property':
      return matchesPropertyFilter(run.entryEvent?.properties ?? {}, condition.filter) ? ALWAYS : NEVER;
    case 'webhook_response':
      return webhookStatusMatches(run.webhookStatuses?.[condition.nodeId] ?? null, condition.status)
        ? ALWAYS
        : NEVER;
    case 'performed_since_entry': {
      const from = run.entryEvent
        ? new Date(Date.parse(run.entryEvent.timestamp) + 1)
        : new Date(Date.parse(run.enteredAt));
      return {
        kind: 'performed',
        event: condition.event,
        where: condition.where,
        count: condition.count,
        since: { kind: 'date', date: from.toISOString() },
      };
    }
    default:
      return condition;
  }
}

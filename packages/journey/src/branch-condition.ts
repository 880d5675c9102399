import { z } from 'zod';
import { PropertyFilter } from '@nudgeflow/segments';
import { EventMatcher } from './definition';
import { Duration } from './duration';

/**
 * What a branch path tests. Defined here because `@nudgeflow/segments` has no per-customer
 * `SegmentCondition` yet; when it lands, segment-style conditions can be added as another leaf kind
 * without changing these. Leaves:
 * - `attribute`: a profile attribute (dotted path into the profile: `traits.plan`, `email`, `lifecycleStage`);
 * - `entry`: a property of the event that started the run (`cart_value`);
 * - `event`: how many times the customer did an event since entry or within a trailing window;
 * - `segment`: membership of a segment;
 * - `reachable`: whether a channel can reach the customer now (subscription, address, consent).
 * Groups: `all` / `any` of nested conditions, and `not`.
 */

export const EventCountComparison = z.object({
  op: z.enum(['gte', 'gt', 'eq', 'lt', 'lte']),
  value: z.number().int().min(0).max(1_000_000),
});
export type EventCountComparison = z.infer<typeof EventCountComparison>;

export const EventHistoryScope = z.discriminatedUnion('kind', [
  /** Since the run started (the entry event itself does not count). */
  z.object({ kind: z.literal('since_entry') }),
  /** Within the trailing window ending now. */
  z.object({ kind: z.literal('within'), duration: Duration }),
]);
export type EventHistoryScope = z.infer<typeof EventHistoryScope>;

export const AttributeCondition = z.object({ kind: z.literal('attribute'), filter: PropertyFilter });
export const EntryPropertyCondition = z.object({ kind: z.literal('entry'), filter: PropertyFilter });
export const EventHistoryCondition = z.object({
  kind: z.literal('event'),
  matcher: EventMatcher,
  scope: EventHistoryScope.default({ kind: 'since_entry' }),
  /** "Did X" is `gte 1` (the default), "did not do X" is `eq 0`, "at least 3 times" is `gte 3`. */
  count: EventCountComparison.default({ op: 'gte', value: 1 }),
});
export const SegmentMembershipCondition = z.object({
  kind: z.literal('segment'),
  segmentId: z.string().min(1),
  /** true: is a member; false: is not. */
  member: z.boolean().default(true),
});
export const ChannelReachableCondition = z.object({
  kind: z.literal('reachable'),
  /** Built-in channel ("push", "email", "in_app", "sms", "webhook") or a plugin channel id. */
  channel: z.string().min(1),
  /** Topic whose subscription must allow the message, e.g. "marketing". */
  topicKey: z.string().min(1).default('marketing'),
});

export type BranchCondition =
  | z.infer<typeof AttributeCondition>
  | z.infer<typeof EntryPropertyCondition>
  | z.infer<typeof EventHistoryCondition>
  | z.infer<typeof SegmentMembershipCondition>
  | z.infer<typeof ChannelReachableCondition>
  | { kind: 'all'; conditions: BranchCondition[] }
  | { kind: 'any'; conditions: BranchCondition[] }
  | { kind: 'not'; condition: BranchCondition };

type BranchConditionInput =
  | z.input<typeof AttributeCondition>
  | z.input<typeof EntryPropertyCondition>
  | z.input<typeof EventHistoryCondition>
  | z.input<typeof SegmentMembershipCondition>
  | z.input<typeof ChannelReachableCondition>
  | { kind: 'all'; conditions: BranchConditionInput[] }
  | { kind: 'any'; conditions: BranchConditionInput[] }
  | { kind: 'not'; condition: BranchConditionInput };

export const BranchCondition: z.ZodType<BranchCondition, BranchConditionInput> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    AttributeCondition,
    EntryPropertyCondition,
    EventHistoryCondition,
    SegmentMembershipCondition,
    ChannelReachableCondition,
    z.object({ kind: z.literal('all'), conditions: z.array(BranchCondition).min(1).max(50) }),
    z.object({ kind: z.literal('any'), conditions: z.array(BranchCondition).min(1).max(50) }),
    z.object({ kind: z.literal('not'), condition: BranchCondition }),
  ]),
);

export const MAX_CONDITION_DEPTH = 5;

export function conditionDepth(condition: BranchCondition): number {
  if (condition.kind === 'all' || condition.kind === 'any') {
    return 1 + Math.max(0, ...condition.conditions.map(conditionDepth));
  }
  if (condition.kind === 'not') return 1 + conditionDepth(condition.condition);
  return 1;
}

/** Every leaf of a condition tree, in order, with its dotted path from the tree's root. */
export function conditionLeaves(
  condition: BranchCondition,
  path = '',
): { path: string; leaf: Exclude<BranchCondition, { kind: 'all' | 'any' | 'not' }> }[] {
  if (condition.kind === 'all' || condition.kind === 'any') {
    return condition.conditions.flatMap((child, index) =>
      conditionLeaves(child, `${path}${path ? '.' : ''}conditions.${index}`),
    );
  }
  if (condition.kind === 'not')
    return conditionLeaves(condition.condition, `${path}${path ? '.' : ''}condition`);
  return [{ path, leaf: condition }];
}

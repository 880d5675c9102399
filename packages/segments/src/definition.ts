import { z } from 'zod';
import { LastPerformedCondition, NotPerformedCondition, PerformedCondition } from './conditions/event';
import { InSegmentCondition, RandomBucketCondition } from './conditions/membership';
import { MessageCondition } from './conditions/message';
import { ReachableCondition, TopicCondition } from './conditions/reachability';
import { ProfileTimeCondition, TraitCondition } from './conditions/trait';
import { isRelative } from './conditions/time';

export type LeafCondition =
  | TraitCondition
  | ProfileTimeCondition
  | PerformedCondition
  | NotPerformedCondition
  | LastPerformedCondition
  | MessageCondition
  | ReachableCondition
  | TopicCondition
  | InSegmentCondition
  | RandomBucketCondition;

export type AndCondition = { kind: 'and'; conditions: SegmentCondition[] };
export type OrCondition = { kind: 'or'; conditions: SegmentCondition[] };
export type NotCondition = { kind: 'not'; condition: SegmentCondition };
export type SegmentCondition = AndCondition | OrCondition | NotCondition | LeafCondition;

const MAX_CHILDREN = 50;
export const MAX_DEPTH = 8;
export const MAX_CONDITIONS = 200;

/** All of `conditions` (an empty `and` matches everyone). */
export const AndCondition: z.ZodType<AndCondition> = z.object({
  kind: z.literal('and'),
  conditions: z.array(z.lazy(() => SegmentCondition)).max(MAX_CHILDREN),
});
/** Any of `conditions` (an empty `or` matches no one). */
export const OrCondition: z.ZodType<OrCondition> = z.object({
  kind: z.literal('or'),
  conditions: z.array(z.lazy(() => SegmentCondition)).max(MAX_CHILDREN),
});
export const NotCondition: z.ZodType<NotCondition> = z.object({
  kind: z.literal('not'),
  condition: z.lazy(() => SegmentCondition),
});

export const SegmentCondition: z.ZodType<SegmentCondition, unknown> = z.union([
  AndCondition,
  OrCondition,
  NotCondition,
  z.discriminatedUnion('kind', [
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
  ]),
]);

export const SEGMENT_DEFINITION_VERSION = 1;

/** What Segment.definition stores. */
export const SegmentDefinition = z
  .object({
    version: z.literal(SEGMENT_DEFINITION_VERSION).default(SEGMENT_DEFINITION_VERSION),
    condition: SegmentCondition,
  })
  .superRefine((definition, ctx) => {
    let count = 0;
    let deepest = 0;
    visitConditions(definition.condition, (_condition, depth) => {
      count++;
      deepest = Math.max(deepest, depth);
    });
    if (deepest > MAX_DEPTH) {
      ctx.addIssue({ code: 'custom', path: ['condition'], message: `Groups nest at most ${MAX_DEPTH} deep` });
    }
    if (count > MAX_CONDITIONS) {
      ctx.addIssue({ code: 'custom', path: ['condition'], message: `At most ${MAX_CONDITIONS} conditions` });
    }
  });
export type SegmentDefinition = z.infer<typeof SegmentDefinition>;

export function visitConditions(
  condition: SegmentCondition,
  visit: (condition: SegmentCondition, depth: number) => void,
  depth = 1,
): void {
  visit(condition, depth);
  if (condition.kind === 'and' || condition.kind === 'or') {
    for (const child of condition.conditions) visitConditions(child, visit, depth + 1);
  } else if (condition.kind === 'not') {
    visitConditions(condition.condition, visit, depth + 1);
  }
}

/** Ids of the segments this definition reads memberships of. */
export function referencedSegmentIds(definition: SegmentDefinition): string[] {
  const ids = new Set<string>();
  visitConditions(definition.condition, (condition) => {
    if (condition.kind === 'in_segment') ids.add(condition.segmentId);
  });
  return [...ids];
}

/**
 * Whether members can change with no event for the customer: relative times ("in the last 7 days", "6 weeks
 * ago") move with the clock, and message engagement is recorded on MessageSend rows (opens, clicks) that
 * do not pass through the event stream. The scheduled sweep re-checks exactly these segments.
 */
export function isTimeBased(definition: SegmentDefinition): boolean {
  let timeBased = false;
  visitConditions(definition.condition, (condition) => {
    switch (condition.kind) {
      case 'performed':
      case 'not_performed':
        timeBased ||= isRelative(condition.since);
        break;
      case 'last_performed':
      case 'profile_time':
        timeBased ||= isRelative(condition.at);
        break;
      case 'message':
        timeBased = true;
        break;
      default:
        break;
    }
  });
  return timeBased;
}

/**
 * A cycle through `in_segment` references if saving `segmentId` with `definition` would create one, as the
 * list of segment ids around it (first = last), or undefined. `definitionsById` holds the workspace's other
 * segments.
 */
export function findSegmentCycle(
  segmentId: string,
  definition: SegmentDefinition,
  definitionsById: ReadonlyMap<string, SegmentDefinition>,
): string[] | undefined {
  const references = (id: string): string[] => {
    const source = id === segmentId ? definition : definitionsById.get(id);
    return source ? referencedSegmentIds(source) : [];
  };
  const onPath: string[] = [];
  const done = new Set<string>();
  const walk = (id: string): string[] | undefined => {
    const at = onPath.indexOf(id);
    if (at >= 0) return [...onPath.slice(at), id];
    if (done.has(id)) return undefined;
    onPath.push(id);
    for (const next of references(id)) {
      const cycle = walk(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(id);
    return undefined;
  };
  return walk(segmentId);
}

/**
 * Orders segments so that every segment comes after the segments it references: evaluating in this order
 * lets one event settle chains ("VIP" → "VIP who lapsed") in a single pass. References outside the list are
 * ignored (their stored membership is used).
 */
export function orderByReferences<T extends { id: string; definition: SegmentDefinition }>(
  segments: readonly T[],
): T[] {
  const byId = new Map(segments.map((segment) => [segment.id, segment]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (segment: T): void => {
    if (state.get(segment.id)) return;
    state.set(segment.id, 'visiting');
    for (const id of referencedSegmentIds(segment.definition)) {
      const dependency = byId.get(id);
      if (dependency) visit(dependency);
    }
    state.set(segment.id, 'done');
    ordered.push(segment);
  };
  for (const segment of segments) visit(segment);
  return ordered;
}

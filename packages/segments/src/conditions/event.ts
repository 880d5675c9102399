import { z } from 'zod';
import { SegmentPropertyFilter } from './path';
import { TimeReference } from './time';

const EventName = z.string().min(1).max(200);
const Where = z.array(SegmentPropertyFilter).max(50).default([]);

export const CountComparison = z.object({
  op: z.enum(['eq', 'gte', 'gt', 'lte', 'lt']),
  value: z.number().int().min(0).max(100_000),
});
export type CountComparison = z.infer<typeof CountComparison>;

/**
 * Performed `event` (matching `where` on its properties) a number of times, counted from `since` (a date or
 * "N days ago") or over all time. `Product Viewed where category eq shoes, count gte 3, since 7 days ago`.
 */
export const PerformedCondition = z.object({
  kind: z.literal('performed'),
  event: EventName,
  where: Where,
  count: CountComparison.default({ op: 'gte', value: 1 }),
  since: TimeReference.optional(),
});
export type PerformedCondition = z.infer<typeof PerformedCondition>;

/** Inaction: no matching `event` since `since` (or ever). */
export const NotPerformedCondition = z.object({
  kind: z.literal('not_performed'),
  event: EventName,
  where: Where,
  since: TimeReference.optional(),
});
export type NotPerformedCondition = z.infer<typeof NotPerformedCondition>;

/**
 * The most recent matching `event` happened before / after `at`. "Before" requires that it happened at all:
 * a customer who never ordered is not "last ordered before 90 days ago" (combine with not_performed for that).
 */
export const LastPerformedCondition = z.object({
  kind: z.literal('last_performed'),
  event: EventName,
  where: Where,
  op: z.enum(['before', 'after']),
  at: TimeReference,
});
export type LastPerformedCondition = z.infer<typeof LastPerformedCondition>;

/** For a count comparison, the number of matching events that settles it (SQL stops counting there). */
export function countLimit(count: CountComparison): number {
  return count.op === 'gt' || count.op === 'lte' || count.op === 'eq'
    ? count.value + 1
    : Math.max(count.value, 1);
}

export function compareCount(actual: number, count: CountComparison): boolean {
  switch (count.op) {
    case 'eq':
      return actual === count.value;
    case 'gte':
      return actual >= count.value;
    case 'gt':
      return actual > count.value;
    case 'lte':
      return actual <= count.value;
    case 'lt':
      return actual < count.value;
  }
}

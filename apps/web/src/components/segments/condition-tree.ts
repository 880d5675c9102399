import type { LeafCondition, SegmentCondition } from '@nudgeflow/segments';

/**
 * The builder edits a segment's condition as a tree of groups. A group is `and` (all of), `or` (any of) or
 * `not` around an `or` (none of); a `not` around anything else is shown as a one-child "none of" group,
 * which means the same. Edits are immutable updates addressed by the path of child indexes.
 */

export type GroupMode = 'and' | 'or' | 'none';
export interface GroupView {
  mode: GroupMode;
  conditions: SegmentCondition[];
}

export function isGroup(condition: SegmentCondition): boolean {
  return condition.kind === 'and' || condition.kind === 'or' || condition.kind === 'not';
}

export function groupView(condition: SegmentCondition): GroupView {
  if (condition.kind === 'and' || condition.kind === 'or') {
    return { mode: condition.kind, conditions: condition.conditions };
  }
  if (condition.kind === 'not') {
    const inner = condition.condition;
    return { mode: 'none', conditions: inner.kind === 'or' ? inner.conditions : [inner] };
  }
  return { mode: 'and', conditions: [condition] };
}

export function groupOf(mode: GroupMode, conditions: SegmentCondition[]): SegmentCondition {
  if (mode === 'none') return { kind: 'not', condition: { kind: 'or', conditions } };
  return { kind: mode, conditions };
}

/** The root is always a group, so the builder always has somewhere to add a condition. */
export function asRootGroup(condition: SegmentCondition): SegmentCondition {
  return isGroup(condition) ? condition : { kind: 'and', conditions: [condition] };
}

export function emptyRoot(): SegmentCondition {
  return { kind: 'and', conditions: [] };
}

export type Leaf = LeafCondition;

/** Replaces the child at `index` of a group (or removes it when `next` is null). */
export function withChild(
  group: SegmentCondition,
  index: number,
  next: SegmentCondition | null,
): SegmentCondition {
  const view = groupView(group);
  const conditions =
    next === null
      ? view.conditions.filter((_, at) => at !== index)
      : view.conditions.map((child, at) => (at === index ? next : child));
  return groupOf(view.mode, conditions);
}

export function withAppended(group: SegmentCondition, child: SegmentCondition): SegmentCondition {
  const view = groupView(group);
  return groupOf(view.mode, [...view.conditions, child]);
}

export function withMode(group: SegmentCondition, mode: GroupMode): SegmentCondition {
  return groupOf(mode, groupView(group).conditions);
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)$/;

/** A typed filter value from what was typed: numbers, true/false, null, or text; lists for `in`/`not_in`. */
export function parseFilterValue(text: string, op: string): unknown {
  const scalar = (part: string): unknown => {
    const trimmed = part.trim();
    if (NUMBER.test(trimmed) && !/\.$/.test(trimmed)) return Number(trimmed);
    if (trimmed === 'true') return true;
    if (trimmed === 'false') return false;
    if (trimmed === 'null') return null;
    return part;
  };
  if (op === 'in' || op === 'not_in') return text.split(',').map((part) => scalar(part.trim()));
  return scalar(text);
}

export function formatFilterValue(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => String(item)).join(', ');
  return String(value);
}

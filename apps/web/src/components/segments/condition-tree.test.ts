import { SegmentDefinition, type SegmentCondition } from '@nudgeflow/segments';
import { describe, expect, it } from 'vitest';
import {
  asRootGroup,
  formatFilterValue,
  groupView,
  parseFilterValue,
  withAppended,
  withChild,
  withMode,
} from './condition-tree';

const viewed: SegmentCondition = {
  kind: 'performed',
  event: 'Product Viewed',
  where: [],
  count: { op: 'gte', value: 2 },
};
const ordered: SegmentCondition = { kind: 'not_performed', event: 'Order Completed', where: [] };

describe('the builder condition tree', () => {
  it('shows a "none of" group as not(or) and a bare not as a one-child none-of group', () => {
    const none = withMode({ kind: 'and', conditions: [viewed, ordered] }, 'none');
    expect(none).toEqual({ kind: 'not', condition: { kind: 'or', conditions: [viewed, ordered] } });
    expect(groupView(none)).toEqual({ mode: 'none', conditions: [viewed, ordered] });
    expect(groupView({ kind: 'not', condition: viewed })).toEqual({ mode: 'none', conditions: [viewed] });
  });

  it('edits children by index without touching the rest, and keeps definitions valid', () => {
    let root = asRootGroup(viewed);
    expect(root).toEqual({ kind: 'and', conditions: [viewed] });
    root = withAppended(root, { kind: 'or', conditions: [] });
    root = withChild(root, 1, withAppended(groupView(root).conditions[1]!, ordered));
    expect(root).toEqual({ kind: 'and', conditions: [viewed, { kind: 'or', conditions: [ordered] }] });
    expect(SegmentDefinition.safeParse({ condition: root }).success).toBe(true);
    expect(withChild(root, 0, null)).toEqual({
      kind: 'and',
      conditions: [{ kind: 'or', conditions: [ordered] }],
    });
  });

  it('types filter values as the segment language compares them', () => {
    expect(parseFilterValue('shoes', 'eq')).toBe('shoes');
    expect(parseFilterValue('42', 'gt')).toBe(42);
    expect(parseFilterValue('1.', 'eq')).toBe('1.');
    expect(parseFilterValue('true', 'eq')).toBe(true);
    expect(parseFilterValue('shoes, 3, bags', 'in')).toEqual(['shoes', 3, 'bags']);
    expect(formatFilterValue(['shoes', 3])).toBe('shoes, 3');
    expect(formatFilterValue(undefined)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { findSegmentCycle, isTimeBased, orderByReferences, SegmentDefinition } from './definition';
import { md5Hex, randomBucket } from './bucket';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

const inSegment = (segmentId: string) =>
  SegmentDefinition.parse({ condition: { kind: 'in_segment', segmentId } });

describe('SegmentDefinition', () => {
  it('parses nested groups and fills defaults', () => {
    const definition = SegmentDefinition.parse({
      condition: {
        kind: 'and',
        conditions: [
          { kind: 'performed', event: 'Product Added' },
          {
            kind: 'not',
            condition: {
              kind: 'performed',
              event: 'Order Completed',
              since: { kind: 'ago', amount: 2, unit: 'hours' },
            },
          },
        ],
      },
    });
    expect(definition.version).toBe(1);
    const first = definition.condition.kind === 'and' ? definition.condition.conditions[0] : undefined;
    expect(first).toEqual({
      kind: 'performed',
      event: 'Product Added',
      where: [],
      count: { op: 'gte', value: 1 },
    });
  });

  it('rejects unknown traits, value-less comparisons and ambiguous array indices with the field at fault', () => {
    const unknown = SegmentDefinition.safeParse({
      condition: { kind: 'trait', path: 'password', op: 'eq', value: 'x' },
    });
    expect(unknown.success).toBe(false);
    expect(JSON.stringify(unknown.error?.issues)).toContain('Unknown trait');
    const noValue = SegmentDefinition.safeParse({ condition: { kind: 'trait', path: 'country', op: 'eq' } });
    expect(JSON.stringify(noValue.error?.issues)).toContain('needs a value');
    const index = SegmentDefinition.safeParse({
      condition: {
        kind: 'performed',
        event: 'Order Completed',
        where: [{ path: 'products.-1.price', op: 'gt', value: 5 }],
      },
    });
    expect(JSON.stringify(index.error?.issues)).toContain('not a valid array index');
    const bucket = SegmentDefinition.safeParse({ condition: { kind: 'random_bucket', from: 50, to: 50 } });
    expect(bucket.success).toBe(false);
  });

  it('rejects definitions nested deeper than the limit', () => {
    let condition: unknown = { kind: 'reachable', channel: 'email' };
    for (let i = 0; i < 9; i++) condition = { kind: 'not', condition };
    expect(SegmentDefinition.safeParse({ condition }).success).toBe(false);
  });

  it('is time-based only when a condition moves with the clock or reads message engagement', () => {
    const absolute = SegmentDefinition.parse({
      condition: {
        kind: 'performed',
        event: 'Order Completed',
        since: { kind: 'date', date: '2026-01-01T00:00:00Z' },
      },
    });
    const relative = SegmentDefinition.parse({
      condition: {
        kind: 'not',
        condition: {
          kind: 'last_performed',
          event: 'Page Viewed',
          op: 'after',
          at: { kind: 'ago', amount: 6, unit: 'weeks' },
        },
      },
    });
    const message = SegmentDefinition.parse({ condition: { kind: 'message', engagement: 'clicked' } });
    expect(isTimeBased(absolute)).toBe(false);
    expect(isTimeBased(relative)).toBe(true);
    expect(isTimeBased(message)).toBe(true);
  });
});

describe('segment references', () => {
  it('finds a cycle that saving a segment would close', () => {
    const others = new Map([
      [B, inSegment(C)],
      [C, inSegment(A)],
    ]);
    expect(findSegmentCycle(A, inSegment(B), others)).toEqual([A, B, C, A]);
    expect(findSegmentCycle(A, inSegment(C), new Map([[C, inSegment(B)]]))).toBeUndefined();
    expect(findSegmentCycle(A, inSegment(A), new Map())).toEqual([A, A]);
  });

  it('orders segments after the segments they reference', () => {
    const ordered = orderByReferences([
      { id: A, definition: inSegment(B) },
      { id: B, definition: inSegment(C) },
      { id: C, definition: SegmentDefinition.parse({ condition: { kind: 'and', conditions: [] } }) },
    ]);
    expect(ordered.map((segment) => segment.id)).toEqual([C, B, A]);
  });
});

describe('random buckets', () => {
  it('computes MD5 as Postgres does', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('The quick brown fox jumps over the lazy dog')).toBe('9e107d9d372bb6826bd81d3542a419d6');
    expect(md5Hex('héllo 🎉')).toBe('38f29b0cfd3851fc66183ff1efa4b009');
  });

  it('spreads customers evenly over [0, 100)', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const bucket = randomBucket(`00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`, 'test');
      counts[Math.floor(bucket / 10)]!++;
    }
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });
});

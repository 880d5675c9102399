import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, defineNodeKind, type AnyNodeKind } from '../node-kind';
import { builtinNodeKinds, builtinRegistry, chooseSplitOutput, splitBucket, type SplitConfig } from './index';
import { z } from 'zod';
import { JourneySettings } from '../definition';

const settings = JourneySettings.parse({});

describe('built-in node kinds', () => {
  it.each(builtinNodeKinds.map((kind) => [kind.type, kind] as const))(
    '%s has a JSON Schema for its form',
    (_type, kind) => {
      const schema = configJsonSchema(kind);
      expect(schema.type).toBe('object');
      expect(schema.$schema).toContain('json-schema.org');
    },
  );

  it('registers every built-in once, latest first', () => {
    expect(builtinRegistry.latest().map((kind) => kind.type)).toEqual(
      builtinNodeKinds.map((kind) => kind.type),
    );
    expect(builtinRegistry.get('message', 1)?.runtime).toEqual({
      kind: 'workflow',
      activities: ['sendMessage', 'checkFollowUp'],
    });
    expect(builtinRegistry.get('message', 2)).toBeUndefined();
  });

  it('derives outputs from config', () => {
    const waitEvents = builtinRegistry.get('wait.events')!;
    const config = waitEvents.configSchema.parse({
      events: [
        { id: 'ordered', matcher: { event: 'Order Completed' }, matchEntryKey: 'cart_id' },
        { id: 'viewed', matcher: { event: 'Cart Viewed' } },
      ],
      timeout: { amount: 3, unit: 'seconds' },
    });
    expect(waitEvents.outputs(config).map((output) => output.name)).toEqual([
      'event:ordered',
      'event:viewed',
      'timeout',
    ]);
    const branch = builtinRegistry.get('branch')!;
    const branchConfig = branch.configSchema.parse({
      paths: [
        {
          id: 'vip',
          label: 'VIP',
          condition: { kind: 'trait', path: 'traits.vip', op: 'eq', value: true },
        },
      ],
    });
    expect(branch.outputs(branchConfig).map((output) => output.name)).toEqual(['branch:vip', 'default']);
  });

  it('parses nested branch conditions and rejects unknown leaf kinds', () => {
    const branch = builtinRegistry.get('branch')!;
    const nested = {
      paths: [
        {
          id: 'engaged',
          label: 'Engaged',
          condition: {
            kind: 'and',
            conditions: [
              {
                kind: 'performed',
                event: 'Product Viewed',
                since: { kind: 'ago', amount: 7, unit: 'days' },
                count: { op: 'gte', value: 3 },
              },
              {
                kind: 'not',
                condition: { kind: 'in_segment', segmentId: '7f1c8a52-4a3e-4c1b-9a57-0d4c2f8e9b10' },
              },
              { kind: 'reachable', channel: 'push' },
              { kind: 'performed_since_entry', event: 'Order Completed', count: { op: 'eq', value: 0 } },
              { kind: 'entry_property', filter: { path: 'value', op: 'gt', value: 100 } },
            ],
          },
        },
      ],
    };
    expect(branch.configSchema.safeParse(nested).success).toBe(true);
    const bad = structuredClone(nested);
    (bad.paths[0]!.condition.conditions[2] as { kind: string }).kind = 'astrology';
    expect(branch.configSchema.safeParse(bad).success).toBe(false);
  });

  it('validates schedule triggers beyond the schema', () => {
    const schedule = builtinRegistry.get('trigger.schedule')!;
    const check = (raw: unknown) =>
      schedule.compile!(schedule.configSchema.parse(raw), {
        nodeId: 'n1',
        settings,
        entryEvent: 'never',
      }).map((error) => error.field);
    expect(check({ when: { kind: 'cron', expression: '0 9 * * mon-fri' }, segmentId: 's' })).toEqual([]);
    expect(check({ when: { kind: 'cron', expression: '61 9 * * *' }, segmentId: 's' })).toEqual([
      'when.expression',
    ]);
    expect(
      check({ when: { kind: 'once', at: '2026-12-24T09:00' }, customerLocalTime: true, segmentId: 's' }),
    ).toEqual([]);
    expect(
      check({ when: { kind: 'once', at: '2026-12-24T09:00Z' }, customerLocalTime: true, segmentId: 's' }),
    ).toEqual(['when.at']);
    expect(
      check({ when: { kind: 'once', at: 'christmas' }, timezone: 'Mars/Olympus', segmentId: 's' }),
    ).toEqual(['when.at', 'timezone']);
  });

  it('rejects badly named plugin kinds', () => {
    expect(() =>
      defineNodeKind({
        type: 'NoDots',
        version: 1,
        title: 'x',
        description: 'x',
        category: 'action',
        configSchema: z.object({}),
        defaultConfig: {},
        outputs: () => [],
        ui: { icon: 'box', color: '#000' },
        runtime: { kind: 'activity', activity: 'x' },
      }),
    ).toThrow(/lowercase words joined by dots/);
  });
});

describe('splitBucket', () => {
  it('is stable and within [0, 100)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (customerId, nodeId) => {
        const bucket = splitBucket(customerId, nodeId);
        return bucket >= 0 && bucket < 100 && bucket === splitBucket(customerId, nodeId);
      }),
    );
  });

  it('lands 10,000 customers within ±2% of the configured shares, independently per node', () => {
    const config: SplitConfig = {
      paths: [
        { id: 'a', label: 'A', percent: 45 },
        { id: 'b', label: 'B', percent: 45 },
      ],
      holdoutPercent: 10,
    };
    const counts: Record<string, number> = {};
    let sameAtBothNodes = 0;
    for (let i = 0; i < 10_000; i++) {
      const customerId = `customer-${i}`;
      const output = chooseSplitOutput(config, customerId, 'split-1');
      counts[output] = (counts[output] ?? 0) + 1;
      if (output === chooseSplitOutput(config, customerId, 'split-2')) sameAtBothNodes++;
    }
    expect(Math.abs(counts['path:a']! / 100 - 45)).toBeLessThanOrEqual(2);
    expect(Math.abs(counts['path:b']! / 100 - 45)).toBeLessThanOrEqual(2);
    expect(Math.abs(counts.holdout! / 100 - 10)).toBeLessThanOrEqual(2);
    // Independent nodes agree about as often as chance says: 0.45² + 0.45² + 0.1² = 41.5%.
    expect(Math.abs(sameAtBothNodes / 100 - 41.5)).toBeLessThanOrEqual(3);
  });
});

describe('default configs (what a node dropped on the canvas starts with)', () => {
  // Kinds whose defaults cannot be complete: the marketer must choose an event, segment, date or template.
  const needsInput = new Set([
    'trigger.event',
    'trigger.segment',
    'trigger.schedule',
    'wait.events',
    'branch',
    'message',
    'profile.update',
    'goal',
  ]);

  it.each(builtinNodeKinds.map((kind): [string, AnyNodeKind] => [kind.type, kind]))('%s', (type, kind) => {
    const parsed = kind.configSchema.safeParse(kind.defaultConfig);
    expect(parsed.success).toBe(!needsInput.has(type));
    if (parsed.success) {
      expect(kind.outputs(parsed.data).length).toBeGreaterThanOrEqual(kind.category === 'exit' ? 0 : 1);
      expect(kind.summary?.(parsed.data)).toEqual(expect.any(String));
    } else {
      // The form shows these as field errors, never as a crash.
      for (const issue of parsed.error.issues) expect(issue.path.length).toBeGreaterThan(0);
    }
  });
});

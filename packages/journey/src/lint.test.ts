import { describe, expect, it } from 'vitest';
import type { JourneyDocument } from './document';
import { lintJourney } from './lint';

const settings = {
  entry: { reentry: { mode: 'never' }, uniqueBy: null },
  exitCriteria: [],
  goal: null,
  governance: { frequencyCaps: true, quietHours: 'defer' },
} as JourneyDocument['settings'];

function journey(
  nodes: JourneyDocument['nodes'],
  edges: JourneyDocument['edges'],
  overrides: Partial<JourneyDocument['settings']> = {},
) {
  return { nodes, edges, settings: { ...settings, ...overrides } };
}

const trigger = { id: 'start', type: 'trigger.event', config: { event: 'Product Added' } };
const exit = { id: 'end', type: 'exit', config: {} };
const pushOnly = {
  id: 'mail',
  type: 'message',
  config: { channels: [{ channel: 'push', templateId: 't1' }] },
};

describe('lintJourney', () => {
  it('finds nodes no trigger leads to', () => {
    const warnings = lintJourney(
      journey(
        [trigger, exit, { id: 'lost', type: 'exit', config: {} }],
        [{ source: 'start', target: 'end' }],
      ),
    );
    expect(warnings.filter((w) => w.code === 'unreachable').map((w) => w.nodeId)).toEqual(['lost']);
  });

  it('names each output that leads nowhere, and not the ones that are wired', () => {
    const warnings = lintJourney(
      journey(
        [trigger, pushOnly, exit],
        [
          { source: 'start', target: 'mail' },
          { source: 'mail', output: 'sent', target: 'end' },
        ],
      ),
    );
    expect(warnings.filter((w) => w.code === 'dead-end')).toEqual([
      expect.objectContaining({ nodeId: 'mail', output: 'skipped' }),
    ]);
  });

  it('warns about push without a fallback channel, and not when email follows', () => {
    const withFallback = {
      ...pushOnly,
      config: {
        channels: [
          { channel: 'push', templateId: 't1' },
          { channel: 'email', templateId: 't2' },
        ],
      },
    };
    expect(
      lintJourney(journey([trigger, pushOnly], [])).some((w) => w.code === 'push-without-fallback'),
    ).toBe(true);
    expect(
      lintJourney(journey([trigger, withFallback], [])).some((w) => w.code === 'push-without-fallback'),
    ).toBe(false);
  });

  it('finds branch paths with the same condition', () => {
    const condition = { kind: 'trait', path: 'vip', op: 'eq', value: true };
    const branch = {
      id: 'b',
      type: 'branch',
      config: {
        paths: [
          { id: 'a', label: 'VIP', condition },
          { id: 'c', label: 'Also VIP', condition },
        ],
      },
    };
    const warnings = lintJourney(journey([trigger, branch], [{ source: 'start', target: 'b' }]));
    expect(warnings.filter((w) => w.code === 'overlapping-branches')).toEqual([
      expect.objectContaining({ nodeId: 'b', output: 'branch:c' }),
    ]);
  });

  it('warns when a wait outlasts the attribution window', () => {
    const goal = { event: { event: 'Order Completed', where: [] }, attributionWindowHours: 24 };
    const long = { id: 'w', type: 'wait.duration', config: { duration: { amount: 3, unit: 'days' } } };
    const short = { id: 'w', type: 'wait.duration', config: { duration: { amount: 2, unit: 'hours' } } };
    expect(
      lintJourney(journey([trigger, long], [], { goal })).some((w) => w.code === 'wait-beyond-attribution'),
    ).toBe(true);
    expect(
      lintJourney(journey([trigger, short], [], { goal })).some((w) => w.code === 'wait-beyond-attribution'),
    ).toBe(false);
    expect(lintJourney(journey([trigger, long], [])).some((w) => w.code === 'wait-beyond-attribution')).toBe(
      false,
    );
  });
});

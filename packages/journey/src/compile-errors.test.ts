import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileJourney, zodIssuesToErrors } from './compile';
import { compileJourneyDocument, parseJourneyDocument } from './document';
import type { JourneyError } from './node-kind';

/** The promise of docs/journeys.md: every problem at once, each at its deepest field. */

function documentErrors(raw: unknown): JourneyError[] {
  const result = compileJourneyDocument(raw);
  if (result.ok) throw new Error('expected compile errors');
  return result.errors;
}

const branchWith = (condition: unknown) => ({
  id: 'vip',
  type: 'branch',
  config: { paths: [{ id: 'vip', label: 'VIP', condition }] },
});

const document = (overrides: Record<string, unknown>) => ({
  format: 'nudgeflow.journey/v1',
  name: 'Errors',
  nodes: [
    { id: 'start', type: 'trigger.event', config: { event: 'Signed Up' } },
    { id: 'done', type: 'exit' },
  ],
  edges: [{ source: 'start', target: 'done' }],
  ...overrides,
});

describe('compile errors come all at once', () => {
  it('reports a bad setting together with node and edge errors', () => {
    const errors = documentErrors(
      document({
        settings: { governance: { quietHours: 'sometimes' } },
        nodes: [
          { id: 'start', type: 'trigger.event', config: { event: '' } },
          { id: 'done', type: 'exit' },
        ],
        edges: [
          { source: 'start', target: 'done' },
          { source: 'done', target: 'nowhere' },
        ],
      }),
    );
    expect(errors).toEqual([
      {
        field: 'settings.governance.quietHours',
        message: expect.stringMatching(/expected one of "defer"\|"skip"\|"ignore"/),
      },
      { nodeId: 'start', field: 'event', message: 'Choose an event' },
      { edgeId: 'done.out', message: 'Edge leads to node "nowhere", which does not exist' },
    ]);
  });

  it('reports a bad setting together with a malformed node', () => {
    const errors = documentErrors(
      document({
        settings: { entry: { reentry: { mode: 'after', days: -1 } } },
        nodes: [{ id: 'has space', type: 'exit' }],
      }),
    );
    expect(errors.map((error) => error.field)).toEqual(['id', 'settings.entry.reentry.days']);
    expect(errors[0]).toMatchObject({ nodeId: 'has space' });
  });

  it('reports a misspelled field together with compile errors', () => {
    const errors = documentErrors(
      document({ settings: { exitCritera: [] }, edges: [{ source: 'start', target: 'gone' }] }),
    );
    expect(errors).toEqual([
      { field: 'settings.exitCritera', message: 'Unknown field' },
      { edgeId: 'start.out', message: 'Edge leads to node "gone", which does not exist' },
      { nodeId: 'done', message: 'No path leads here from a trigger' },
    ]);
  });

  it('keeps settings errors when the canvas graph is compiled', () => {
    const result = compileJourney({
      nodes: [{ id: 'x', type: 'exit', position: { x: 0, y: 0 }, data: { config: {} } }],
      edges: [],
      settings: { goal: { event: { event: 'Order Completed' }, attributionWindowHours: 0 } },
    });
    expect(!result.ok && result.errors.map((error) => error.field ?? error.message)).toEqual([
      'settings.goal.attributionWindowHours',
      'Add a trigger: a journey needs at least one way in',
    ]);
  });

  it('keeps settings errors when the graph shape is broken too', () => {
    const result = compileJourney({ nodes: 'none', edges: [], settings: { exitCriteria: 'Order' } });
    expect(!result.ok && result.errors.map((error) => error.field)).toEqual([
      'nodes',
      'settings.exitCriteria',
    ]);
  });

  it('parses a document with all its problems, not the first layer', () => {
    const parsed = parseJourneyDocument({ ...document({}), name: '', settings: { entry: { uniqueBy: '' } } });
    expect(!parsed.ok && parsed.errors.map((error) => error.field)).toEqual([
      'name',
      'settings.entry.uniqueBy',
    ]);
  });
});

describe('nested invalid values name the deepest field', () => {
  const withBranch = (condition: unknown) =>
    document({
      nodes: [
        { id: 'start', type: 'trigger.event', config: { event: 'Signed Up' } },
        branchWith(condition),
        { id: 'done', type: 'exit' },
      ],
      edges: [
        { source: 'start', target: 'vip' },
        { source: 'vip', output: 'default', target: 'done' },
      ],
    });

  it('names since.unit and its allowed values', () => {
    const errors = documentErrors(
      withBranch({
        kind: 'performed',
        event: 'Product Viewed',
        since: { kind: 'ago', amount: 3, unit: 'fortnights' },
      }),
    );
    expect(errors).toEqual([
      {
        nodeId: 'vip',
        field: 'paths.0.condition.since.unit',
        message: 'Invalid option: expected one of "minutes"|"hours"|"days"|"weeks"',
      },
    ]);
  });

  it('descends through and/not to the leaf', () => {
    const errors = documentErrors(
      withBranch({
        kind: 'and',
        conditions: [
          { kind: 'reachable', channel: 'push' },
          { kind: 'not', condition: { kind: 'trait', path: 'tags', op: 'has', value: 'vip' } },
        ],
      }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ nodeId: 'vip', field: 'paths.0.condition.conditions.1.condition.op' });
    expect(errors[0]!.message).toMatch(/expected one of "eq"\|"neq"/);
  });

  it('lists the condition kinds when the kind is unknown', () => {
    const errors = documentErrors(withBranch({ kind: 'astrology' }));
    expect(errors).toEqual([
      {
        nodeId: 'vip',
        field: 'paths.0.condition.kind',
        message: expect.stringMatching(/'and' \| 'or' \| 'not' \| 'trait' .*'webhook_response'/),
      },
    ]);
  });
});

describe('plain unions (plugin schemas) report the option the value was meant for', () => {
  const Schedule = z.union([
    z.object({ kind: z.literal('daily'), at: z.string().regex(/^\d\d:\d\d$/, 'Use HH:MM') }),
    z.object({ kind: z.literal('every'), unit: z.enum(['hours', 'days']) }),
  ]);
  const errorsFor = (value: unknown) => {
    const parsed = z.object({ schedule: Schedule }).safeParse({ schedule: value });
    if (parsed.success) throw new Error('expected issues');
    return zodIssuesToErrors(parsed.error.issues, (path) => ({ field: path.join('.') }));
  };

  it('descends into the option whose tag matched', () => {
    expect(errorsFor({ kind: 'every', unit: 'weeks' })).toEqual([
      { field: 'schedule.unit', message: 'Invalid option: expected one of "hours"|"days"' },
    ]);
    expect(errorsFor({ kind: 'daily', at: '9am' })).toEqual([{ field: 'schedule.at', message: 'Use HH:MM' }]);
  });

  it('keeps the union issue when no option was meant', () => {
    expect(errorsFor({ kind: 'hourly' })).toEqual([{ field: 'schedule', message: 'Invalid input' }]);
  });
});

describe('fields the docs call optional are optional', () => {
  it('lets a branch or split path leave out its label: the id names the output', () => {
    const result = compileJourneyDocument(
      document({
        nodes: [
          { id: 'start', type: 'trigger.event', config: { event: 'Signed Up' } },
          {
            id: 'vip',
            type: 'branch',
            config: { paths: [{ id: 'vip', condition: { kind: 'reachable', channel: 'push' } }] },
          },
          {
            id: 'ab',
            type: 'split',
            config: {
              paths: [
                { id: 'a', percent: 50 },
                { id: 'b', percent: 50 },
              ],
            },
          },
          { id: 'done', type: 'exit' },
        ],
        edges: [
          { source: 'start', target: 'vip' },
          { source: 'vip', output: 'branch:vip', target: 'ab' },
          { source: 'vip', output: 'default', target: 'done' },
        ],
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.definition.nodes.vip!.next).toEqual({ 'branch:vip': 'ab', default: 'done' });
  });
});

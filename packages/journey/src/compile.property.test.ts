import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile';
import { decompileJourney } from './decompile';
import { graphLayout, type JourneyGraph } from './graph';
import { builtinRegistry } from './nodes';

/**
 * Random journeys built like a marketer builds them: each new node hangs off a free output of an earlier
 * one (so every node is reachable), and some outputs loop back to an earlier wait node.
 */
const nodeConfigs: Record<string, fc.Arbitrary<unknown>> = {
  'wait.duration': fc.record({
    duration: fc.record({
      amount: fc.integer({ min: 1, max: 90 }),
      unit: fc.constantFrom('seconds', 'minutes', 'hours', 'days'),
    }),
  }),
  'wait.events': fc.record({
    events: fc
      .uniqueArray(fc.constantFrom('ordered', 'viewed', 'clicked'), { minLength: 1, maxLength: 3 })
      .map((ids) => ids.map((id) => ({ id, matcher: { event: `Event ${id}`, where: [] } }))),
    timeout: fc.constant({ amount: 3, unit: 'seconds' }),
  }),
  split: fc.integer({ min: 0, max: 100 }).map((a) => ({
    paths: [
      { id: 'a', label: 'A', percent: a },
      { id: 'b', label: 'B', percent: 100 - a },
    ],
  })),
  message: fc
    .constantFrom('push', 'email', 'sms')
    .map((channel) => ({ channels: [{ channel, templateId: `tpl-${channel}` }] })),
  'profile.update': fc.constant({ operations: [{ op: 'add_tag', tag: 'seen' }] }),
  exit: fc.constant({ reason: 'done' }),
};

const randomGraph = fc
  .array(fc.tuple(fc.constantFrom(...Object.keys(nodeConfigs)), fc.nat(), fc.nat(), fc.boolean(), fc.nat()), {
    maxLength: 25,
  })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(...shape.map(([type]) => nodeConfigs[type]!)) as fc.Arbitrary<unknown[]>,
    ),
  )
  .map(([shape, configs]) => {
    const graph: JourneyGraph = {
      nodes: [
        {
          id: 'entry',
          type: 'trigger.event',
          position: { x: 0, y: 0 },
          data: { config: { event: 'Start', where: [] } },
        },
      ],
      edges: [],
      settings: {
        entry: { reentry: { mode: 'never' }, uniqueBy: null },
        exitCriteria: [],
        goal: null,
        governance: { frequencyCaps: true, quietHours: 'defer' },
      },
    };
    const free: { id: string; output: string }[] = [{ id: 'entry', output: 'default' }];
    const waits: string[] = [];
    shape.forEach(([type, parentPick, loopPick, loops, x], index) => {
      if (free.length === 0) return;
      const id = `n${index}`;
      const config = configs[index];
      const [parent] = free.splice(parentPick % free.length, 1);
      graph.nodes.push({ id, type, position: { x, y: index }, data: { config, label: `Step ${index}` } });
      graph.edges.push({ id: `e${index}`, source: parent!.id, sourceHandle: parent!.output, target: id });
      const outputs = builtinRegistry
        .get(type)!
        .outputs(builtinRegistry.get(type)!.configSchema.parse(config));
      if (type === 'wait.duration' || type === 'wait.events') waits.push(id);
      for (const output of outputs) free.push({ id, output: output.name });
      if (loops && waits.length > 0 && free.length > 0) {
        const [from] = free.splice(loopPick % free.length, 1);
        graph.edges.push({
          id: `loop${index}`,
          source: from!.id,
          sourceHandle: from!.output,
          target: waits[loopPick % waits.length]!,
        });
      }
    });
    return graph;
  });

describe('compile ⇄ decompile (property)', () => {
  it('every reachable graph whose loops pass through waits compiles, and round-trips exactly', () => {
    fc.assert(
      fc.property(randomGraph, (graph) => {
        const first = compileJourney(graph);
        if (!first.ok) throw new Error(JSON.stringify(first.errors));
        const redrawn = decompileJourney(first.definition, graphLayout(graph));
        const second = compileJourney(redrawn);
        expect(second).toEqual(first);
        expect(redrawn.edges.length).toBe(graph.edges.length);
      }),
      { numRuns: 200 },
    );
  });
});

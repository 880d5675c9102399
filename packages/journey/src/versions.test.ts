import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile';
import type { JourneyDefinition } from './definition';
import { diffDefinitions, lifecycleError, newNodeId, planMigration, statusAfter } from './versions';

const node = (id: string, type: string, config: unknown) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { config },
});
const edge = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}-${target}-${sourceHandle ?? ''}`,
  source,
  target,
  sourceHandle,
});

function definition(
  version: number,
  waitType: 'wait.duration' | 'wait.events',
  extra: boolean,
): JourneyDefinition {
  const waitConfig =
    waitType === 'wait.duration'
      ? { duration: { amount: 2, unit: 'hours' } }
      : {
          events: [{ id: 'ordered', matcher: { event: 'Order Completed' } }],
          timeout: { amount: 2, unit: 'hours' },
        };
  const nodes = [
    node('entry', 'trigger.event', { event: 'Product Added' }),
    node('wait', waitType, waitConfig),
    node('send', 'message', { channels: [{ channel: 'push', templateId: 't1' }] }),
    ...(extra ? [node('second_wait', 'wait.duration', { duration: { amount: 1, unit: 'days' } })] : []),
  ];
  const edges = [
    edge('entry', 'wait'),
    edge('wait', extra ? 'second_wait' : 'send', waitType === 'wait.events' ? 'timeout' : undefined),
    ...(extra ? [edge('second_wait', 'send')] : []),
  ];
  const result = compileJourney(
    { nodes, edges },
    { identity: { journeyId: 'j', versionId: `v${version}`, version, name: 'J' } },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}

describe('planMigration', () => {
  const v1 = definition(1, 'wait.duration', true);

  it('moves runs waiting on kept nodes, keeping their ids', () => {
    const v2 = definition(2, 'wait.duration', true);
    const plan = planMigration({ from: v1, to: v2, waitingNodeIds: ['wait', 'second_wait', 'wait'] });
    expect(plan).toEqual({
      ok: true,
      request: { definition: v2, nodeMap: { second_wait: 'second_wait', wait: 'wait' } },
      moves: [
        { from: 'second_wait', to: 'second_wait', mode: 'resume' },
        { from: 'wait', to: 'wait', mode: 'resume' },
      ],
    });
  });

  it('refuses when a waited-on node was removed and not mapped, listing every affected node', () => {
    const v2 = definition(2, 'wait.events', false);
    const plan = planMigration({ from: v1, to: v2, waitingNodeIds: ['wait', 'second_wait'] });
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.affected.map((problem) => problem.nodeId)).toEqual(['second_wait', 'wait']);
    expect(!plan.ok && plan.affected[0]!.message).toMatch(/removes: map it/);
    expect(!plan.ok && plan.affected[1]!.message).toMatch(/changed from wait.duration to wait.events/);
  });

  it('accepts explicit mappings, entering a different kind afresh', () => {
    const v2 = definition(2, 'wait.events', false);
    const plan = planMigration({
      from: v1,
      to: v2,
      waitingNodeIds: ['wait', 'second_wait'],
      nodeMap: { second_wait: 'send', wait: 'wait' },
    });
    expect(plan.ok && plan.moves).toEqual([
      { from: 'second_wait', to: 'send', mode: 'enter' },
      { from: 'wait', to: 'wait', mode: 'enter' },
    ]);
    const bad = planMigration({
      from: v1,
      to: v2,
      waitingNodeIds: ['second_wait'],
      nodeMap: { second_wait: 'nope', ghost: 'send' },
    });
    expect(!bad.ok && bad.affected.map((problem) => problem.nodeId)).toEqual(['ghost', 'second_wait']);
  });

  it('does not move runs onto a trigger', () => {
    const v2 = definition(2, 'wait.duration', false);
    const plan = planMigration({
      from: v1,
      to: v2,
      waitingNodeIds: ['second_wait'],
      nodeMap: { second_wait: 'entry' },
    });
    expect(!plan.ok && plan.affected[0]!.message).toMatch(/trigger/);
  });
});

describe('diffDefinitions', () => {
  it('names added, removed and changed nodes', () => {
    const diff = diffDefinitions(definition(1, 'wait.duration', true), definition(2, 'wait.events', false));
    expect(diff).toEqual({ added: [], removed: ['second_wait'], changed: ['wait'], settingsChanged: false });
  });
});

describe('lifecycle', () => {
  it('allows what each status allows', () => {
    expect(lifecycleError('DRAFT', 'publish', false)).toBeNull();
    expect(statusAfter('DRAFT', 'publish')).toBe('ACTIVE');
    expect(statusAfter('PAUSED', 'publish')).toBe('PAUSED');
    expect(lifecycleError('DRAFT', 'pause', false)).toMatch(/cannot pause/);
    expect(lifecycleError('PAUSED', 'resume', true)).toBeNull();
    expect(lifecycleError('ARCHIVED', 'edit', true)).toMatch(/archived/);
  });

  it('gives new nodes ids no other node has', () => {
    expect(newNodeId('wait.events', ['wait-events-1', 'wait-events-2'])).toBe('wait-events-3');
  });
});

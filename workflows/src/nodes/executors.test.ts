import { describe, expect, it } from 'vitest';
import {
  builtinRegistry,
  DEFINITION_SCHEMA_VERSION,
  JourneySettings,
  type AnyNodeKind,
  type CompiledNode,
  type JourneyDefinition,
} from '@nudgeflow/journey';
import type { JourneyActivities, StepRecord } from '../activities';
import { RunInbox } from '../run-inbox';
import { activityNode } from './activity';
import { executorFor, nodeExecutors, type Interpreter, type NodeActivities, type NodeStep } from './index';

/**
 * Every node kind's declared `runtime` is what really runs: each executor is run against an interpreter that
 * records which activities it calls, with configs that take every path that calls one (a message with and
 * without a follow-up). A kind without an executor, or one whose executor calls an activity its runtime does
 * not name (or never calls one it names), fails here.
 */

const followUp = {
  after: { amount: 1, unit: 'days' },
  unless: 'opened',
  channels: [{ channel: 'sms', templateId: 't2' }],
};

/** Configs per kind where the kind's default config would not take every path (or is not valid yet). */
const samples: Record<string, unknown[]> = {
  message: [
    { channels: [{ channel: 'email', templateId: 't1' }], topicKey: 'marketing' },
    { channels: [{ channel: 'email', templateId: 't1' }], topicKey: 'marketing', followUp },
  ],
  'wait.events': [
    { events: [{ id: 'go', matcher: { event: 'Go', where: [] } }], timeout: { amount: 1, unit: 'hours' } },
  ],
};

const answers: { [Name in keyof NodeActivities]: Awaited<ReturnType<JourneyActivities[Name]>> } = {
  nextWindowStart: { opensAt: new Date(Date.now() + 60_000).toISOString(), timezone: 'UTC' },
  evaluateBranch: { output: 'default', pathId: null, evaluated: [] },
  sendMessage: { status: 'sent', channel: 'email', sendId: 'send-1', skipped: [] },
  checkFollowUp: { send: true, reason: 'not opened' },
  runNodeActivity: { output: 'default', detail: {} },
};

function definitionWith(node: CompiledNode): JourneyDefinition {
  return {
    schemaVersion: DEFINITION_SCHEMA_VERSION,
    journeyId: 'journey-1',
    versionId: 'version-1',
    version: 1,
    name: 'Executors',
    settings: JourneySettings.parse({}),
    nodes: { [node.id]: node },
    triggerNodeIds: [],
  } as JourneyDefinition;
}

/** Runs the kind's executor once per sample config; returns the activities it called and the steps it logged. */
async function runKind(kind: AnyNodeKind, config: unknown) {
  const called: string[] = [];
  const steps: StepRecord[] = [];
  const node: CompiledNode = { id: 'n1', kind: kind.type, kindVersion: kind.version, config, next: {} };
  const activities = Object.fromEntries(
    Object.entries(answers).map(([name, answer]) => [
      name,
      async () => {
        called.push(name);
        return answer;
      },
    ]),
  ) as unknown as NodeActivities;
  const interpreter: Interpreter = {
    run: () => ({
      runId: 'run-1',
      workspaceId: 'w',
      customerId: 'c',
      journeyId: 'journey-1',
      versionId: 'version-1',
      version: 1,
      enteredAt: new Date().toISOString(),
    }),
    inbox: new RunInbox(),
    definition: definitionWith(node),
    currentNodeId: node.id,
    activities,
    patched: () => true,
    waitUntil: async () => 'timeout',
    setWaiting: () => undefined,
    record: async (recorded) => {
      steps.push(...recorded);
    },
  };
  const step: NodeStep<unknown> = {
    interpreter,
    node,
    config,
    visit: 1,
    entry: (stepKind, detail) => ({ nodeId: node.id, visit: 1, kind: stepKind, at: '', detail }),
  };
  const result = await executorFor(kind.type).execute(step);
  return { called, steps, result };
}

describe.each(builtinRegistry.all().map((kind) => [`${kind.type}@${kind.version}`, kind] as const))(
  '%s',
  (_name, kind) => {
    const configs = samples[kind.type] ?? [kind.defaultConfig];

    it('has an executor, and calls exactly the activities its runtime declares', async () => {
      const called = new Set<string>();
      for (const config of configs) for (const name of (await runKind(kind, config)).called) called.add(name);
      if (kind.runtime.kind === 'workflow') {
        expect(
          Object.hasOwn(nodeExecutors, kind.type),
          `${kind.type} has no executor in nodes/index.ts`,
        ).toBe(true);
        expect([...called].sort()).toEqual([...(kind.runtime.activities ?? [])].sort());
      } else {
        // Activity kinds run through the generic executor, which the worker's registry serves by name.
        expect(executorFor(kind.type)).toBe(activityNode);
        expect([...called]).toEqual(['runNodeActivity']);
      }
    });
  },
);

describe('executors', () => {
  it('log steps under the node the run is on', async () => {
    const kind = builtinRegistry.get('wait.duration')!;
    const { steps } = await runKind(kind, { duration: { amount: 1, unit: 'minutes' } });
    expect(steps.map((step) => [step.nodeId, step.kind])).toEqual([['n1', 'waited']]);
  });

  it('a goal says which events make a run jump to it; an exit stops the run', async () => {
    const goal = executorFor('goal');
    const config = { event: 'Order Completed', where: [] };
    const event = { messageId: 'm', name: 'Order Completed', properties: {}, timestamp: '' };
    expect(goal.jumpsOn?.(config, event)).toBe(true);
    expect(goal.jumpsOn?.(config, { ...event, name: 'Product Viewed' })).toBe(false);
    expect(executorFor('wait.duration').jumpsOn).toBeUndefined();
    const { result } = await runKind(builtinRegistry.get('exit')!, { reason: 'done' });
    expect(result).toEqual({ stop: { status: 'exited', reason: 'done' } });
  });

  it('plugin kinds (not built in) run through the activity executor', () => {
    expect(executorFor('acme.promo-code')).toBe(activityNode);
    expect(executorFor('constructor')).toBe(activityNode);
  });
});

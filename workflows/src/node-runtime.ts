import { condition, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CompiledNode } from '@nudgeflow/journey';
import type { JourneyActivities } from './activities';
import {
  executorFor,
  INTERRUPTED,
  now,
  type Interpreter,
  type NodeActivities,
  type NodeResult,
} from './nodes';

/**
 * How journeyRun executes a node: the kind's executor from the registry (src/nodes/index.ts), with the
 * activities proxied as each needs. Nothing here knows a node kind.
 */

const bookkeeping = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

const actions = proxyActivities<JourneyActivities>({
  // Short enough that a send lost with a crashed worker is retried soon; providers answer well within it.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

/**
 * Sends may take minutes (a webhook's whole backoff schedule, up to 6 attempts of 30 s): they heartbeat,
 * so a send lost with a crashed worker is still retried within 20 s, while a live one is never cut off
 * mid-schedule (a 30 s start-to-close would time out and restart such a schedule forever).
 */
const sends = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

/** The activities executors call, each through the proxy it has always used (history names its options). */
export const nodeActivities: NodeActivities = {
  nextWindowStart: (input) => bookkeeping.nextWindowStart(input),
  evaluateBranch: (input) => bookkeeping.evaluateBranch(input),
  checkFollowUp: (input) => bookkeeping.checkFollowUp(input),
  sendMessage: (request) => sends.sendMessage(request),
  runNodeActivity: (input) => actions.runNodeActivity(input),
};

/** What the run tells a wait: whether to stop at once, and bookkeeping that must not wait for the node. */
export interface WaitSignals {
  /** An exit or goal jump is pending: the current node must stop at once. */
  interrupted(): boolean;
  /** Conversions to record; the wait resumes after them. */
  hasSideWork(): boolean;
  doSideWork(): Promise<void>;
}

/** The interpreter's `waitUntil`, over Temporal's `condition`. */
export function waitUntilWith(signals: WaitSignals): Interpreter['waitUntil'] {
  return async (done, deadline) => {
    for (;;) {
      if (signals.interrupted()) return INTERRUPTED;
      if (done()) return 'done';
      const remaining = deadline === null ? null : deadline - Date.now();
      if (remaining !== null && remaining <= 0) return 'timeout';
      const wake = () => signals.interrupted() || signals.hasSideWork() || done();
      if (remaining === null) await condition(wake);
      else await condition(wake, remaining);
      if (signals.hasSideWork()) await signals.doSideWork();
    }
  };
}

export async function executeNode(
  interpreter: Interpreter,
  node: CompiledNode,
  visit: number,
): Promise<NodeResult> {
  return executorFor(node.kind).execute({
    interpreter,
    node,
    config: node.config,
    visit,
    entry: (kind, detail) => ({
      nodeId: interpreter.currentNodeId ?? node.id,
      visit,
      kind,
      at: now(),
      detail,
    }),
  });
}

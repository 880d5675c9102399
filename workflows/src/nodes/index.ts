import type { WorkflowNodeType } from '@nudgeflow/journey';
import { activityNode } from './activity';
import { branch } from './branch';
import { exit } from './exit';
import type { NodeExecutor } from './executor';
import { goal } from './goal';
import { message } from './message';
import { split } from './split';
import { trigger } from './trigger';
import { waitDuration } from './wait-duration';
import { waitEvents } from './wait-events';
import { waitWindow } from './wait-window';

export * from './executor';
export { PATCH_MESSAGE_FOLLOW_UP } from './message';

/**
 * The executor of every node kind journeyRun runs itself (runtime `workflow`). A record over exactly those
 * kinds: a built-in kind with a `workflow` runtime and no line here does not type-check. Kinds with an
 * `activity` runtime (profile updates, plugins) all run through `activityNode`.
 */
export const nodeExecutors = {
  'trigger.event': trigger,
  'trigger.segment': trigger,
  'trigger.api': trigger,
  'trigger.schedule': trigger,
  'wait.duration': waitDuration,
  'wait.window': waitWindow,
  'wait.events': waitEvents,
  branch,
  split,
  message,
  goal,
  exit,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each executor knows its own config type
} satisfies Record<WorkflowNodeType, NodeExecutor<any>>;

/** The executor for a node kind: its own, or the activity executor (which the worker's registry serves). */
export function executorFor(kind: string): NodeExecutor {
  return Object.hasOwn(nodeExecutors, kind)
    ? (nodeExecutors[kind as WorkflowNodeType] as NodeExecutor)
    : activityNode;
}

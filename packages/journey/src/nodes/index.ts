import type { CompiledNode, JourneyDefinition } from '../definition';
import { type AnyNodeKind, type EntryCandidate, NodeKindRegistry } from '../node-kind';
import { branch } from './branch';
import { exit } from './exit';
import { goal } from './goal';
import { message } from './message';
import { profileUpdate } from './profile-update';
import { split } from './split';
import { triggerApi } from './trigger-api';
import { triggerEvent } from './trigger-event';
import { triggerSchedule } from './trigger-schedule';
import { triggerSegment } from './trigger-segment';
import { waitDuration } from './wait-duration';
import { waitEvents } from './wait-events';
import { waitWindow } from './wait-window';

export * from './branch';
export * from './exit';
export * from './goal';
export * from './message';
export * from './profile-update';
export * from './split';
export * from './trigger-api';
export * from './trigger-event';
export * from './trigger-schedule';
export * from './trigger-segment';
export * from './wait-duration';
export * from './wait-events';
export * from './wait-window';

/** Every built-in node kind, in palette order. */
export const builtinNodeKinds = [
  triggerEvent,
  triggerSegment,
  triggerApi,
  triggerSchedule,
  waitDuration,
  waitWindow,
  waitEvents,
  branch,
  split,
  message,
  profileUpdate,
  goal,
  exit,
] as const satisfies readonly AnyNodeKind[];

type BuiltinNodeKind = (typeof builtinNodeKinds)[number];
/** The type of every built-in kind (`message`, `wait.duration`, …). */
export type BuiltinNodeType = BuiltinNodeKind['type'];
/**
 * Built-in kinds that journeyRun runs with an executor of their own (runtime `workflow`): the workflow's
 * executor registry is a record over exactly these, so a kind without an executor does not type-check.
 */
export type WorkflowNodeType = Extract<BuiltinNodeKind, { runtime: { kind: 'workflow' } }>['type'];

/** A registry of the built-ins; add plugin kinds with `.with(pluginKinds)`. */
export function createNodeKindRegistry(extra: Iterable<AnyNodeKind> = []): NodeKindRegistry {
  return new NodeKindRegistry(builtinNodeKinds).with(extra);
}

/** Shared read-only registry of the built-ins (the interpreter's and the default compiler's). */
export const builtinRegistry = createNodeKindRegistry();

/**
 * The trigger node through which this event enters the journey, or null: the first trigger whose kind's
 * `matchesEntry` accepts it. The dispatcher starts runs with this; nothing else decides entry.
 */
export function entryTriggerId(
  definition: Pick<JourneyDefinition, 'journeyId' | 'nodes' | 'triggerNodeIds'>,
  event: EntryCandidate['event'],
  registry: NodeKindRegistry = builtinRegistry,
): string | null {
  return entryTriggers(definition, event, registry)[0]?.id ?? null;
}

/** Every trigger node of the definition that would let this event in, in trigger order. */
export function entryTriggers(
  definition: Pick<JourneyDefinition, 'journeyId' | 'nodes' | 'triggerNodeIds'>,
  event: EntryCandidate['event'],
  registry: NodeKindRegistry = builtinRegistry,
): CompiledNode[] {
  return definition.triggerNodeIds.flatMap((triggerNodeId) => {
    const node = definition.nodes[triggerNodeId];
    const kind = node && registry.get(node.kind, node.kindVersion);
    const enters = kind?.matchesEntry?.(node!.config, {
      event,
      journeyId: definition.journeyId,
      triggerNodeId,
    });
    return enters ? [node!] : [];
  });
}

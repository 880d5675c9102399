import { type AnyNodeKind, NodeKindRegistry } from '../node-kind';
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
export const builtinNodeKinds: readonly AnyNodeKind[] = [
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
];

/** A registry of the built-ins; add plugin kinds with `.with(pluginKinds)`. */
export function createNodeKindRegistry(extra: Iterable<AnyNodeKind> = []): NodeKindRegistry {
  return new NodeKindRegistry(builtinNodeKinds).with(extra);
}

/** Shared read-only registry of the built-ins (the interpreter's and the default compiler's). */
export const builtinRegistry = createNodeKindRegistry();

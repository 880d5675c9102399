import { createNodeKindRegistry, type NodeKindRegistry } from '@nudgeflow/journey';
import { BUILT_IN_CHANNEL_DESCRIPTORS, uncreditedChannelIds } from '@nudgeflow/channels/descriptors';
import type { Db } from '@nudgeflow/db';
import type { JourneyActivities } from '@nudgeflow/workflows';
import { recoverRunEvents } from '../run-recovery';
import { decideBranchActivity } from './branch';
import { checkFollowUp, createRecordingSender, requestMessage, type MessageSender } from './message';
import { builtinNodeActivities, runNodeActivity, type NodeActivity } from './node-activities';
import * as bookkeeping from './run-bookkeeping';

export type { MessageSender } from './message';
export type { NodeActivity } from './node-activities';
export { createRecordingSender, messageIdempotencyKey } from './message';

/**
 * Activities run outside the workflow sandbox and may do I/O. `createActivities(deps)` binds them to their
 * dependencies so tests build a worker against their own database and sender.
 */
export interface ActivityDeps {
  db: Db;
  /** packages/channels' sender. Without one, message requests are recorded but nothing is sent. */
  sendMessage?: MessageSender;
  /** Node kinds this worker runs (built-ins plus plugins). */
  registry?: NodeKindRegistry;
  /** Implementations of activity-runtime node kinds by activity name (plugins add theirs). */
  nodeActivities?: Record<string, NodeActivity>;
  /** Channels a goal event is never credited to; the built-in descriptors' answer when not given. */
  uncreditedChannels?: readonly string[];
}

/** Every activity the journey workflows call: the contract is theirs (`JourneyActivities`), this fills it. */
export function createActivities(deps: ActivityDeps) {
  const { db } = deps;
  const sender = deps.sendMessage ?? createRecordingSender(db);
  const registry = deps.registry ?? createNodeKindRegistry();
  const nodeActivities = { ...builtinNodeActivities(db), ...deps.nodeActivities };
  const uncredited = deps.uncreditedChannels ?? uncreditedChannelIds(BUILT_IN_CHANNEL_DESCRIPTORS);
  return {
    echo: async (message) => message,
    startRun: (input) => bookkeeping.startRun(db, input),
    recordSteps: (input) => bookkeeping.recordSteps(db, input),
    finishRun: (input) => bookkeeping.finishRun(db, input),
    migrateRun: (input) => bookkeeping.migrateRun(db, input),
    recordConversion: (input) => bookkeeping.recordConversion(db, input, uncredited),
    nextWindowStart: (input) => bookkeeping.nextWindowStart(db, input),
    evaluateBranch: (input) => decideBranchActivity(db, input),
    sendMessage: (request) => requestMessage(db, sender, request),
    checkFollowUp: (input) => checkFollowUp(db, input),
    runNodeActivity: (input) => runNodeActivity(db, registry, nodeActivities, input),
    recoverRunEvents: (input) => recoverRunEvents(db, input),
  } satisfies JourneyActivities;
}

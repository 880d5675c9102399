import { createNodeKindRegistry, type MessageRequest, type NodeKindRegistry } from '@nudgeflow/journey';
import type { Db } from '@nudgeflow/db';
import { decideBranchActivity } from './branch';
import {
  checkFollowUp,
  createRecordingSender,
  requestMessage,
  type CheckFollowUpInput,
  type FollowUpDecision,
  type MessageSender,
} from './message';
import { builtinNodeActivities, runNodeActivity, type NodeActivity } from './node-activities';
import * as bookkeeping from './run-bookkeeping';
import type {
  BranchDecision,
  EvaluateBranchInput,
  FinishRunInput,
  MigrateRunInput,
  NextWindow,
  NextWindowInput,
  NodeResult,
  RecordConversionInput,
  RecordStepsInput,
  RunNodeInput,
  StartRunInput,
} from './types';

export type { CheckFollowUpInput, FollowUpDecision, MessageSender } from './message';
export type { NodeActivity } from './node-activities';
export { createRecordingSender, messageIdempotencyKey } from './message';
export type * from './types';

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
}

export function createActivities(deps: ActivityDeps) {
  const { db } = deps;
  const sender = deps.sendMessage ?? createRecordingSender(db);
  const registry = deps.registry ?? createNodeKindRegistry();
  const nodeActivities = { ...builtinNodeActivities(db), ...deps.nodeActivities };
  return {
    async echo(message: string): Promise<string> {
      return message;
    },
    startRun: (input: StartRunInput): Promise<void> => bookkeeping.startRun(db, input),
    recordSteps: (input: RecordStepsInput): Promise<void> => bookkeeping.recordSteps(db, input),
    finishRun: (input: FinishRunInput): Promise<void> => bookkeeping.finishRun(db, input),
    migrateRun: (input: MigrateRunInput): Promise<void> => bookkeeping.migrateRun(db, input),
    recordConversion: (input: RecordConversionInput): Promise<void> =>
      bookkeeping.recordConversion(db, input),
    nextWindowStart: (input: NextWindowInput): Promise<NextWindow> => bookkeeping.nextWindowStart(db, input),
    evaluateBranch: (input: EvaluateBranchInput): Promise<BranchDecision> => decideBranchActivity(db, input),
    sendMessage: (request: MessageRequest) => requestMessage(db, sender, request),
    checkFollowUp: (input: CheckFollowUpInput): Promise<FollowUpDecision> => checkFollowUp(db, input),
    runNodeActivity: (input: RunNodeInput): Promise<NodeResult> =>
      runNodeActivity(db, registry, nodeActivities, input),
  };
}

export type WorkerActivities = ReturnType<typeof createActivities>;

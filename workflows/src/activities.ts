import type {
  BranchConfig,
  CompiledNode,
  MessageFollowUp,
  MessageOutcome,
  MessageRequest,
  RunEvent,
  RunState,
  WaitWindowConfig,
} from '@nudgeflow/journey';

/**
 * The activities journey workflows call, and what they exchange. Workflows own this contract: they import
 * only these types, and the worker's `createActivities(deps)` `satisfies JourneyActivities`, so a change on
 * either side that breaks the other does not type-check.
 */
export interface JourneyActivities {
  /** The smallest round trip (the `ping` workflow): proves the worker polls and runs activities. */
  echo(message: string): Promise<string>;
  startRun(input: StartRunInput): Promise<void>;
  recordSteps(input: RecordStepsInput): Promise<void>;
  finishRun(input: FinishRunInput): Promise<void>;
  migrateRun(input: MigrateRunInput): Promise<void>;
  recordConversion(input: RecordConversionInput): Promise<void>;
  /** wait.window: when the customer's local window next opens (their zone is in the database). */
  nextWindowStart(input: NextWindowInput): Promise<NextWindow>;
  /** branch: which path the customer takes, and what each condition compared. */
  evaluateBranch(input: EvaluateBranchInput): Promise<BranchDecision>;
  /** message: the send, idempotent per (run, node, visit). */
  sendMessage(request: MessageRequest): Promise<MessageOutcome>;
  /** message with a follow-up: whether the first message was engaged with. */
  checkFollowUp(input: CheckFollowUpInput): Promise<FollowUpDecision>;
  /** Kinds with an `activity` runtime (profile updates, plugin nodes): the worker's registry runs them. */
  runNodeActivity(input: RunNodeInput): Promise<NodeActivityResult>;
  /** After continueAsNew: the events the previous execution may have accepted but not handed over. */
  recoverRunEvents(input: RecoverRunEventsInput): Promise<RecoveredRunEvents>;
}

/**
 * What every journey activity knows about the run it works for. Built by the workflow from its input, so
 * an activity retried after a crash sees exactly what the first attempt saw.
 */
export interface RunContext {
  /** The Temporal workflow id, also the JourneyRun row's id. */
  runId: string;
  workspaceId: string;
  customerId: string;
  journeyId: string;
  versionId: string;
  version: number;
  /** ISO time the customer entered (event history "since entry" counts from here). */
  enteredAt: string;
  entryEvent?: RunEvent;
  entryKey?: string;
}

/** A step-log entry: entered | waited | branched | split | message_requested | … (see JourneyStep.kind). */
export interface StepRecord {
  /** The node the run is on when the step happens (after a migration: the node it was mapped to). */
  nodeId: string;
  visit: number;
  kind: string;
  detail?: Record<string, unknown>;
  /** ISO time of the step, taken from the workflow clock so a retried write keeps the original time. */
  at: string;
}

export interface RecordStepsInput {
  run: RunContext;
  steps: StepRecord[];
  /** Moves the run's inspector cursor (JourneyRun.currentNodeId), when the run moved. */
  currentNodeId?: string | null;
}

export interface StartRunInput {
  run: RunContext;
  triggerNodeId: string;
}

export interface FinishRunInput {
  run: RunContext;
  status: Extract<RunState['status'], 'completed' | 'exited'>;
  reason: string;
  nodeId: string | null;
  visit: number;
  at: string;
}

export interface EvaluateBranchInput {
  run: RunContext;
  nodeId: string;
  visit: number;
  config: BranchConfig;
  at: string;
}

export interface BranchDecision {
  /** Output taken: `branch:<pathId>` or `default`. */
  output: string;
  pathId: string | null;
  /** What each tested condition compared, for the step log ("why did they go this way?"). */
  evaluated: { pathId: string; matched: boolean; values: unknown[] }[];
}

export interface NextWindowInput {
  run: RunContext;
  config: WaitWindowConfig;
  /** Workflow time now (ISO). */
  now: string;
}

export interface NextWindow {
  /** ISO instant the window opens; equal to `now` when the customer is already inside it. */
  opensAt: string;
  timezone: string;
}

export interface CheckFollowUpInput {
  run: RunContext;
  nodeId: string;
  visit: number;
  /** The first message's send id. */
  sendId: string;
  followUp: MessageFollowUp;
  /** Workflow time the wait started and ended (ISO). */
  waitedFrom: string;
  at: string;
}

export interface FollowUpDecision {
  send: boolean;
  /** Why, in words, for the step log and the inspector. */
  reason: string;
}

export interface RunNodeInput {
  run: RunContext;
  node: CompiledNode;
  visit: number;
  at: string;
}

export interface NodeActivityResult {
  output: string;
  detail: Record<string, unknown>;
}

export interface RecordConversionInput {
  run: RunContext;
  event: RunEvent;
  goalNodeId: string | null;
  attributionWindowHours: number | null;
}

export interface MigrateRunInput {
  run: RunContext;
  toVersionId: string;
  toVersion: number;
  nodeId: string | null;
  visit: number;
  fromVersion: number;
  at: string;
}

export interface RecoverRunEventsInput {
  workspaceId: string;
  customerId: string;
  /** The message ids the previous execution handed over (the anchor). */
  seenMessageIds: string[];
  /** The cursor of the previous page, if any. */
  afterOutboxId?: string;
}

export interface RecoveredRunEvents {
  events: RunEvent[];
  /** Pass back as `afterOutboxId` when `more`. */
  cursor: string | null;
  more: boolean;
}

import type { CompiledNode, RunEvent, WaitWindowConfig, BranchConfig, RunState } from '@nudgeflow/journey';

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

export interface RunNodeInput {
  run: RunContext;
  node: CompiledNode;
  visit: number;
  at: string;
}

export interface NodeResult {
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

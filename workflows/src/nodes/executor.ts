import type { CompiledNode, JourneyDefinition, RunEvent, RunState } from '@nudgeflow/journey';
import type { JourneyActivities, RunContext, StepRecord } from '../activities';
import type { RunInbox } from '../run-inbox';

/**
 * What a node executor is and what it may use. Executors reach Temporal only through the `Interpreter`
 * (activities, timers and conditions, patches), so they import no workflow APIs and a unit test can run
 * every one of them against a recording interpreter (executors.test.ts).
 */

export const INTERRUPTED = Symbol('interrupted');

export type NodeResult =
  | { output: string; stop?: undefined }
  | { stop: { status: 'completed' | 'exited'; reason: string } }
  | typeof INTERRUPTED;

/** The activities a node may call; each is proxied with the options it needs (local, retried, heartbeating). */
export type NodeActivities = Pick<
  JourneyActivities,
  'nextWindowStart' | 'evaluateBranch' | 'sendMessage' | 'checkFollowUp' | 'runNodeActivity'
>;

/** The slice of the running workflow that node execution needs. */
export interface Interpreter {
  run(): RunContext;
  readonly inbox: RunInbox;
  readonly definition: JourneyDefinition;
  /** Where the run is now: a migration during a wait may have moved it to a node of another id. */
  readonly currentNodeId: string | null;
  readonly activities: NodeActivities;
  /** Temporal's `patched(id)`: whether this execution runs the code added under `id`. */
  patched(patchId: string): boolean;
  /**
   * Waits until `done()` holds or the deadline passes (null: no deadline), interrupted at once by an exit or
   * goal jump. Conversions are recorded in between without moving the deadline.
   */
  waitUntil(done: () => boolean, deadline: number | null): Promise<'done' | 'timeout' | typeof INTERRUPTED>;
  setWaiting(waitingFor: RunState['waitingFor']): void;
  record(steps: StepRecord[], moveTo?: string | null): Promise<void>;
}

/** One pass of the run through one node. */
export interface NodeStep<Config> {
  readonly interpreter: Interpreter;
  readonly node: CompiledNode;
  readonly config: Config;
  readonly visit: number;
  /**
   * A step-log entry for this pass, logged under the node the run is on when it is written: a run moved
   * from `wait1` to `wait2` while waiting logs its `waited` step under `wait2`.
   */
  entry(kind: string, detail: Record<string, unknown>): StepRecord;
}

export interface NodeExecutor<Config = unknown> {
  execute(step: NodeStep<Config>): Promise<NodeResult>;
  /**
   * Goal-like kinds (`entersByEvent`): whether this event makes a running customer jump to the node from
   * wherever they are. Pure: it runs in signal handlers.
   */
  jumpsOn?(config: Config, event: RunEvent): boolean;
}

export const now = (): string => new Date().toISOString();

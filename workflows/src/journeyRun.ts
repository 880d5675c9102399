import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import {
  RUN_QUERY_STATE,
  RUN_SIGNAL_EVENT,
  RUN_SIGNAL_EXIT,
  RUN_UPDATE_MIGRATE,
  type CompiledNode,
  type JourneyDefinition,
  type JourneyRunInput,
  type RunEvent,
  type RunExitRequest,
  type RunMigrationRequest,
  type RunState,
} from '@nudgeflow/journey';
import type { JourneyActivities, RunContext, StepRecord } from './activities';
import { executeNode, nodeActivities, waitUntilWith } from './node-runtime';
import { executorFor, INTERRUPTED, type Interpreter } from './nodes';
import { matchesEvent, RunInbox } from './run-inbox';

/** Signals, update and query of journeyRun, under the names every caller uses (run-protocol.ts). */
export const customerEventSignal = defineSignal<[RunEvent]>(RUN_SIGNAL_EVENT);
export const exitRunSignal = defineSignal<[RunExitRequest]>(RUN_SIGNAL_EXIT);
export const migrateVersionUpdate = defineUpdate<RunMigrationResult, [RunMigrationRequest]>(
  RUN_UPDATE_MIGRATE,
);
export const runStateQuery = defineQuery<RunState>(RUN_QUERY_STATE);

export interface RunMigrationResult {
  fromVersion: number;
  toVersion: number;
  currentNodeId: string | null;
}

/** What continueAsNew carries beyond run-protocol's resume: the inbox and when the customer entered. */
export interface JourneyRunResume extends NonNullable<JourneyRunInput['resume']> {
  pendingEvents: RunEvent[];
  enteredAt: string;
  /** Goal nodes already reached: a goal converts a run once. */
  reachedGoals: string[];
}

export interface JourneyRunWorkflowInput extends JourneyRunInput {
  resume?: JourneyRunResume;
  /**
   * History length past which the run continues as new; HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW when absent.
   * Tests set a small one to hand over often. Carried across continueAsNew with the rest of the input.
   */
  continueAsNewAfterEvents?: number;
}

export interface JourneyRunOutcome {
  status: 'completed' | 'exited';
  reason: string;
  visits: Record<string, number>;
}

/**
 * A run continues as new once its history passes this many events (Temporal's own suggestion comes at
 * ~10k): replay cost stays bounded for customers who loop for months.
 */
export const HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW = 2000;

const localActivityOptions = {
  startToCloseTimeout: '30 seconds',
  // The database may be briefly down; a run must not fail for it, so keep retrying with backoff.
  retry: { initialInterval: '500 ms', maximumInterval: '30 seconds', backoffCoefficient: 2 },
} as const;
const bookkeeping = proxyLocalActivities<JourneyActivities>(localActivityOptions);

/**
 * Patch id of the safer handover: workflow tasks bounded to MAX_NODES_PER_TASK, continueAsNew counting the
 * history a task is still adding, and events recovered from the outbox on resume (releases before it
 * replay without any of them).
 */
export const PATCH_SAFE_HANDOVER = 'safe-handover';
/** Local-activity markers a node adds to history, at most (the waiting step and the waited step). */
const HISTORY_EVENTS_PER_NODE = 2;
/**
 * Nodes one workflow task may pass before the run yields (a 1 ms timer ends the task). A flood of buffered
 * events otherwise kept one task busy for seconds with hundreds of local activities, past the task timeout,
 * and the SDK core then dropped signals (docs/engine.md).
 */
const MAX_NODES_PER_TASK = 20;
/** Pages of recoverRunEvents per resume: bounds the history it adds (200 rows a page). */
const RECOVERY_MAX_PAGES = 5;

/**
 * One customer's pass through one journey version. Interprets the compiled definition it was started with
 * (frozen: editing the journey never changes a running customer), node by node, until a path ends, an exit
 * node or exit criterion stops it, or support exits it.
 */
export async function journeyRun(input: JourneyRunWorkflowInput): Promise<JourneyRunOutcome> {
  const safeHandover = patched(PATCH_SAFE_HANDOVER);
  let definition: JourneyDefinition = input.definition;
  const resume = input.resume;
  const inbox = new RunInbox(resume?.seenMessageIds ?? [], resume?.pendingEvents ?? []);
  if (input.entryEvent) inbox.markSeen(input.entryEvent.messageId);
  const visits: Record<string, number> = { ...(resume?.visits ?? {}) };
  const reachedGoals = new Set(resume?.reachedGoals ?? []);
  const enteredAt = resume?.enteredAt ?? new Date().toISOString();

  let status: RunState['status'] = 'running';
  let currentNodeId: string | null = resume?.nodeId ?? null;
  let waitingFor: RunState['waitingFor'] = null;
  let exitRequest: RunExitRequest | null = null;
  let goalJump: { nodeId: string; event: RunEvent } | null = null;
  const conversions: RunEvent[] = [];

  const run = (): RunContext => ({
    runId: workflowInfo().workflowId,
    workspaceId: input.workspaceId,
    customerId: input.customerId,
    journeyId: definition.journeyId,
    versionId: definition.versionId,
    version: definition.version,
    enteredAt,
    ...(input.entryEvent ? { entryEvent: input.entryEvent } : {}),
    ...(input.entryKey !== undefined ? { entryKey: input.entryKey } : {}),
  });

  // Signals and events recovered after continueAsNew take the same path: exit criteria, goals, conversions.
  const receive = (event: RunEvent, position?: number): boolean => {
    if (!inbox.accept(event, position)) return false;
    if (!exitRequest && definition.settings.exitCriteria.some((matcher) => matchesEvent(event, matcher))) {
      exitRequest = { reason: `exit criterion: ${event.name} (${event.messageId})`, by: 'exit-criteria' };
    }
    if (!goalJump) {
      // Goal-like kinds say themselves whether this event makes the run jump to them.
      const goal = Object.values(definition.nodes).find(
        (node) => !reachedGoals.has(node.id) && executorFor(node.kind).jumpsOn?.(node.config, event) === true,
      );
      if (goal) goalJump = { nodeId: goal.id, event };
    }
    if (definition.settings.goal && matchesEvent(event, definition.settings.goal.event))
      conversions.push(event);
    return true;
  };
  setHandler(customerEventSignal, (event) => {
    receive(event);
  });

  setHandler(exitRunSignal, (request) => {
    exitRequest ??= request;
  });

  setHandler(runStateQuery, () => ({
    definitionVersion: definition.version,
    currentNodeId,
    waitingFor,
    visits: { ...visits },
    status,
  }));

  setHandler(
    migrateVersionUpdate,
    async (request) => {
      const from = definition;
      const mapped = currentNodeId === null ? null : (request.nodeMap[currentNodeId] ?? currentNodeId);
      definition = request.definition;
      const movedVisits: Record<string, number> = {};
      for (const [nodeId, count] of Object.entries(visits))
        movedVisits[request.nodeMap[nodeId] ?? nodeId] = count;
      for (const key of Object.keys(visits)) delete visits[key];
      Object.assign(visits, movedVisits);
      currentNodeId = mapped;
      await bookkeeping.migrateRun({
        run: run(),
        toVersionId: definition.versionId,
        toVersion: definition.version,
        fromVersion: from.version,
        nodeId: mapped,
        visit: mapped === null ? 0 : (visits[mapped] ?? 0),
        at: new Date().toISOString(),
      });
      return { fromVersion: from.version, toVersion: definition.version, currentNodeId: mapped };
    },
    { validator: (request) => validateMigration(definition, currentNodeId, request) },
  );

  const interpreter: Interpreter = {
    run,
    inbox,
    get definition() {
      return definition;
    },
    get currentNodeId() {
      return currentNodeId;
    },
    activities: nodeActivities,
    patched,
    waitUntil: waitUntilWith({
      interrupted: () => exitRequest !== null || goalJump !== null,
      hasSideWork: () => conversions.length > 0,
      doSideWork: () => recordConversions(),
    }),
    setWaiting(value) {
      waitingFor = value;
    },
    async record(steps: StepRecord[], moveTo?: string | null) {
      await bookkeeping.recordSteps({
        run: run(),
        steps,
        ...(moveTo !== undefined ? { currentNodeId: moveTo } : {}),
      });
    },
  };

  if (safeHandover && resume) {
    // Events the previous execution accepted after building its handover are in its history only; the
    // outbox says what was sent after the newest handed-over event (apps/worker/src/run-recovery.ts).
    // Recovered events go after the handed-over ones and before any that reached this execution first.
    let position = resume.pendingEvents.length;
    let afterOutboxId: string | undefined;
    for (let page = 0; page < RECOVERY_MAX_PAGES; page++) {
      const recovered = await bookkeeping.recoverRunEvents({
        workspaceId: input.workspaceId,
        customerId: input.customerId,
        seenMessageIds: resume.seenMessageIds,
        ...(afterOutboxId ? { afterOutboxId } : {}),
      });
      for (const event of recovered.events) if (receive(event, position)) position++;
      if (!recovered.more || recovered.cursor === null) break;
      afterOutboxId = recovered.cursor;
    }
  }

  if (!resume) {
    const trigger = definition.nodes[input.triggerNodeId];
    if (!trigger)
      throw new Error(`Trigger node ${input.triggerNodeId} is not in version ${definition.version}`);
    await bookkeeping.startRun({ run: run(), triggerNodeId: trigger.id });
    currentNodeId = trigger.next['default'] ?? null;
  }

  const historyBudget = createHistoryBudget(
    input.continueAsNewAfterEvents ?? HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW,
    safeHandover,
  );

  const finish = async (outcome: Omit<JourneyRunOutcome, 'visits'>): Promise<JourneyRunOutcome> => {
    status = outcome.status;
    waitingFor = null;
    await bookkeeping.finishRun({
      run: run(),
      status: outcome.status,
      reason: outcome.reason,
      nodeId: currentNodeId,
      visit: currentNodeId === null ? 0 : (visits[currentNodeId] ?? 0),
      at: new Date().toISOString(),
    });
    // An update (migration) in flight must complete before the run closes.
    await condition(allHandlersFinished);
    return { ...outcome, visits: { ...visits } };
  };

  // Conversions are recorded as they happen, also while the run waits (the wait then resumes).
  async function recordConversions(): Promise<void> {
    while (conversions.length > 0) {
      const event = conversions.shift()!;
      await bookkeeping.recordConversion({
        run: run(),
        event,
        goalNodeId: null,
        attributionWindowHours: definition.settings.goal?.attributionWindowHours ?? null,
      });
    }
  }

  for (;;) {
    await recordConversions();
    if (exitRequest) {
      const request: RunExitRequest = exitRequest;
      return finish({ status: 'exited', reason: `${request.reason} [${request.by}]` });
    }
    if (goalJump) {
      const jump: { nodeId: string; event: RunEvent } = goalJump;
      goalJump = null;
      reachedGoals.add(jump.nodeId);
      visits[jump.nodeId] = (visits[jump.nodeId] ?? 0) + 1;
      currentNodeId = jump.nodeId;
      await bookkeeping.recordConversion({
        run: run(),
        event: jump.event,
        goalNodeId: jump.nodeId,
        attributionWindowHours: definition.settings.goal?.attributionWindowHours ?? null,
      });
      currentNodeId = definition.nodes[jump.nodeId]?.next['default'] ?? null;
      continue;
    }
    if (currentNodeId === null) return finish({ status: 'completed', reason: 'path ended' });
    if (historyBudget.exceeded()) {
      await condition(allHandlersFinished);
      const snapshot = inbox.snapshot();
      await continueAsNew<typeof journeyRun>({
        ...input,
        definition,
        resume: {
          nodeId: currentNodeId,
          visits,
          seenMessageIds: snapshot.seenMessageIds,
          pendingEvents: snapshot.pendingEvents,
          enteredAt,
          reachedGoals: [...reachedGoals],
        },
      });
    }

    if (historyBudget.taskIsLong()) {
      await sleep(1);
      continue;
    }

    const node: CompiledNode | undefined = definition.nodes[currentNodeId];
    if (!node)
      return finish({ status: 'exited', reason: `node ${currentNodeId} is missing from the definition` });
    const visit = (visits[node.id] ?? 0) + 1;
    visits[node.id] = visit;

    const result = await executeNode(interpreter, node, visit);
    historyBudget.nodeDone();
    waitingFor = null;
    if (result === INTERRUPTED) continue;
    if (result.stop) return finish(result.stop);
    // Read `next` from the live definition and cursor: a migration during a wait may have moved both.
    const here = currentNodeId === null ? undefined : definition.nodes[currentNodeId];
    currentNodeId = here?.next[result.output] ?? null;
  }
}

/**
 * When to continue as new. `historyLength` is the length when the current workflow task began: a run with
 * many buffered events can pass hundreds of nodes in one task (their local activities resolve inside it),
 * so with `countInTask` the markers those nodes are adding count too. Otherwise one task could carry the
 * history far past the limit and run for many seconds, past the task timeout (docs/engine.md).
 */
function createHistoryBudget(afterEvents: number, countInTask: boolean) {
  let lengthAtTask = -1;
  let nodesInTask = 0;
  const sync = () => {
    const length = workflowInfo().historyLength;
    if (length !== lengthAtTask) {
      lengthAtTask = length;
      nodesInTask = 0;
    }
  };
  return {
    nodeDone() {
      sync();
      nodesInTask++;
    },
    /** This task has passed enough nodes: the run should let it end before going on. */
    taskIsLong(): boolean {
      sync();
      return countInTask && nodesInTask >= MAX_NODES_PER_TASK;
    },
    exceeded(): boolean {
      sync();
      const info = workflowInfo();
      const pending = countInTask ? nodesInTask * HISTORY_EVENTS_PER_NODE : 0;
      return info.continueAsNewSuggested || info.historyLength + pending > afterEvents;
    },
  };
}

/**
 * Refuses a migration the run cannot follow: another journey, or the node it waits on is gone (or became
 * another kind) in the new version and no mapping says where to go. Throwing here rejects the update
 * without touching history.
 */
export function validateMigration(
  current: JourneyDefinition,
  currentNodeId: string | null,
  request: RunMigrationRequest,
): void {
  if (request.definition.journeyId !== current.journeyId) {
    throw new Error(`Version ${request.definition.versionId} belongs to another journey`);
  }
  if (currentNodeId === null) return;
  const target = request.nodeMap[currentNodeId] ?? currentNodeId;
  const node = request.definition.nodes[target];
  const was = current.nodes[currentNodeId];
  if (!node) {
    throw new Error(
      `The run is at node ${currentNodeId}, which version ${request.definition.version} does not have; map it to a node (affected nodes: ${currentNodeId})`,
    );
  }
  if (was && was.kind !== node.kind) {
    throw new Error(
      `Node ${currentNodeId} is a ${was.kind}, but ${target} in version ${request.definition.version} is a ${node.kind}`,
    );
  }
}

import { condition, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import {
  awaitedEventOutput,
  chooseSplitOutput,
  durationToMs,
  MESSAGE_SENT_OUTPUT,
  MESSAGE_SKIPPED_OUTPUT,
  splitBucket,
  WAIT_EVENTS_TIMEOUT_OUTPUT,
  type BranchConfig,
  type CompiledNode,
  type ExitConfig,
  type JourneyDefinition,
  type MessageConfig,
  type MessageOutcome,
  type MessageRequest,
  type RunState,
  type SplitConfig,
  type WaitDurationConfig,
  type WaitEventsConfig,
  type WaitWindowConfig,
} from '@nudgeflow/journey';
import type { WorkerActivities } from '../../apps/worker/src/activities';
import type { RunContext, StepRecord } from '../../apps/worker/src/activities/types';
import { matchesEntryKey, matchesEvent, type RunInbox } from './run-inbox';

/**
 * How journeyRun executes each node kind. Kinds whose runtime is `workflow` are interpreted here with
 * Temporal primitives; message nodes call `sendMessage`; every other kind (profile updates, plugin nodes)
 * goes through `runNodeActivity`, which finds the kind's activity in the worker's registry — so a plugin
 * node needs no change to this file.
 */

export const INTERRUPTED = Symbol('interrupted');

export type NodeResult =
  | { output: string; stop?: undefined }
  | { stop: { status: 'completed' | 'exited'; reason: string } }
  | typeof INTERRUPTED;

/** The slice of the running workflow that node execution needs. */
export interface Interpreter {
  run(): RunContext;
  readonly inbox: RunInbox;
  readonly definition: JourneyDefinition;
  readonly currentNodeId: string | null;
  /** An exit or goal jump is pending: the current node must stop at once. */
  interrupted(): boolean;
  /** Bookkeeping that must not wait for the node to end (conversions); the wait resumes after it. */
  hasSideWork(): boolean;
  doSideWork(): Promise<void>;
  setWaiting(waitingFor: RunState['waitingFor']): void;
  record(steps: StepRecord[], moveTo?: string | null): Promise<void>;
}

const bookkeeping = proxyLocalActivities<WorkerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

const actions = proxyActivities<WorkerActivities>({
  // Short enough that a send lost with a crashed worker is retried soon; providers answer well within it.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

/**
 * Sends may take minutes (a webhook's whole backoff schedule, up to 6 attempts of 30 s): they heartbeat,
 * so a send lost with a crashed worker is still retried within 20 s, while a live one is never cut off
 * mid-schedule (a 30 s start-to-close would time out and restart such a schedule forever).
 */
const sends = proxyActivities<WorkerActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

const now = (): string => new Date().toISOString();

/**
 * Waits until `done()` holds or the deadline passes, interrupted at once by an exit or goal jump. Side
 * work (conversions) is done in between without moving the deadline.
 */
async function waitUntil(
  interpreter: Interpreter,
  done: () => boolean,
  deadline: number | null,
): Promise<'done' | 'timeout' | typeof INTERRUPTED> {
  for (;;) {
    if (interpreter.interrupted()) return INTERRUPTED;
    if (done()) return 'done';
    const remaining = deadline === null ? null : deadline - Date.now();
    if (remaining !== null && remaining <= 0) return 'timeout';
    const wake = () => interpreter.interrupted() || interpreter.hasSideWork() || done();
    if (remaining === null) await condition(wake);
    else await condition(wake, remaining);
    if (interpreter.hasSideWork()) await interpreter.doSideWork();
  }
}

export async function executeNode(
  interpreter: Interpreter,
  node: CompiledNode,
  visit: number,
): Promise<NodeResult> {
  switch (node.kind) {
    case 'trigger.event':
    case 'trigger.segment':
    case 'trigger.api':
    case 'trigger.schedule':
      return { output: 'default' };
    case 'wait.duration':
      return waitDuration(interpreter, node, visit);
    case 'wait.events':
      return waitEvents(interpreter, node, visit);
    case 'wait.window':
      return waitWindow(interpreter, node, visit);
    case 'branch':
      return branch(interpreter, node, visit);
    case 'split':
      return split(interpreter, node, visit);
    case 'message':
      return message(interpreter, node, visit);
    case 'goal':
      // Reached by an edge rather than by its event: nothing to convert, just go on.
      return { output: 'default' };
    case 'exit': {
      const config = node.config as ExitConfig;
      return { stop: { status: 'exited', reason: config.reason || `exit node ${node.id}` } };
    }
    default: {
      const result = await actions.runNodeActivity({ run: interpreter.run(), node, visit, at: now() });
      return { output: result.output };
    }
  }
}

async function waitDuration(
  interpreter: Interpreter,
  node: CompiledNode,
  visit: number,
): Promise<NodeResult> {
  const config = node.config as WaitDurationConfig;
  const startedAt = now();
  const deadline = Date.now() + durationToMs(config.duration);
  const until = new Date(deadline).toISOString();
  interpreter.setWaiting({ kind: 'timer', until });
  await interpreter.record([], node.id);
  const ended = await waitUntil(interpreter, () => false, deadline);
  if (ended === INTERRUPTED) return INTERRUPTED;
  interpreter.inbox.advance();
  await interpreter.record([
    { nodeId: node.id, visit, kind: 'waited', at: now(), detail: { startedAt, until, endedBy: 'timer' } },
  ]);
  return { output: 'default' };
}

async function waitEvents(interpreter: Interpreter, node: CompiledNode, visit: number): Promise<NodeResult> {
  const startedAt = now();
  const initial = node.config as WaitEventsConfig;
  const deadline = Date.now() + durationToMs(initial.timeout);
  const until = new Date(deadline).toISOString();
  interpreter.setWaiting({
    kind: 'event',
    until,
    events: initial.events.map((awaited) => awaited.matcher.event),
  });
  await interpreter.record([], node.id);

  const entryEvent = interpreter.run().entryEvent;
  // The config is read from the live definition each time: a migration may have changed what is awaited.
  const findMatch = () => {
    const live =
      interpreter.currentNodeId === null
        ? undefined
        : interpreter.definition.nodes[interpreter.currentNodeId];
    const config = (live?.config ?? initial) as WaitEventsConfig;
    return interpreter.inbox.find((event) =>
      config.events.find(
        (awaited) =>
          matchesEvent(event, awaited.matcher) &&
          (awaited.matchEntryKey === undefined || matchesEntryKey(event, entryEvent, awaited.matchEntryKey)),
      ),
    );
  };
  const ended = await waitUntil(interpreter, () => findMatch() !== undefined, deadline);
  if (ended === INTERRUPTED) return INTERRUPTED;
  const found = ended === 'done' ? findMatch() : undefined;
  if (found) {
    interpreter.inbox.advance(found.index);
    const output = awaitedEventOutput(found.match.id);
    await interpreter.record([
      {
        nodeId: node.id,
        visit,
        kind: 'waited',
        at: now(),
        detail: {
          startedAt,
          until,
          endedBy: 'event',
          output,
          event: {
            name: found.event.name,
            messageId: found.event.messageId,
            timestamp: found.event.timestamp,
          },
        },
      },
    ]);
    return { output };
  }
  interpreter.inbox.advance();
  await interpreter.record([
    {
      nodeId: node.id,
      visit,
      kind: 'waited',
      at: now(),
      detail: { startedAt, until, endedBy: 'timeout', output: WAIT_EVENTS_TIMEOUT_OUTPUT },
    },
  ]);
  return { output: WAIT_EVENTS_TIMEOUT_OUTPUT };
}

async function waitWindow(interpreter: Interpreter, node: CompiledNode, visit: number): Promise<NodeResult> {
  const config = node.config as WaitWindowConfig;
  const startedAt = now();
  // Time-zone arithmetic needs the customer's zone from the database, so the activity computes the instant
  // and history records it: replays never recompute it with other tz data.
  const window = await bookkeeping.nextWindowStart({ run: interpreter.run(), config, now: startedAt });
  const deadline = Date.parse(window.opensAt);
  interpreter.setWaiting({ kind: 'window', until: window.opensAt });
  if (deadline > Date.now()) {
    await interpreter.record([], node.id);
    const ended = await waitUntil(interpreter, () => false, deadline);
    if (ended === INTERRUPTED) return INTERRUPTED;
  }
  interpreter.inbox.advance();
  await interpreter.record([
    {
      nodeId: node.id,
      visit,
      kind: 'waited',
      at: now(),
      detail: { startedAt, until: window.opensAt, timezone: window.timezone, endedBy: 'window' },
    },
  ]);
  return { output: 'default' };
}

async function branch(interpreter: Interpreter, node: CompiledNode, visit: number): Promise<NodeResult> {
  const decision = await bookkeeping.evaluateBranch({
    run: interpreter.run(),
    nodeId: node.id,
    visit,
    config: node.config as BranchConfig,
    at: now(),
  });
  return { output: decision.output };
}

async function split(interpreter: Interpreter, node: CompiledNode, visit: number): Promise<NodeResult> {
  const config = node.config as SplitConfig;
  const { customerId } = interpreter.run();
  const output = chooseSplitOutput(config, customerId, node.id);
  await interpreter.record(
    [
      {
        nodeId: node.id,
        visit,
        kind: 'split',
        at: now(),
        detail: { output, bucket: splitBucket(customerId, node.id) },
      },
    ],
    node.id,
  );
  return { output };
}

/**
 * Sends the node's message; with a follow-up, waits `followUp.after` (interruptible like every wait), asks
 * whether the first message was opened/clicked, and if not sends the follow-up through its own channels
 * under its own idempotency key. The node continues on `sent` whatever the follow-up did.
 */
async function message(interpreter: Interpreter, node: CompiledNode, visit: number): Promise<NodeResult> {
  const config = node.config as MessageConfig;
  const run = interpreter.run();
  const { governance } = interpreter.definition.settings;
  const request: MessageRequest = {
    workspaceId: run.workspaceId,
    customerId: run.customerId,
    journeyId: run.journeyId,
    runId: run.runId,
    nodeId: node.id,
    visit,
    channels: config.channels,
    topicKey: config.topicKey,
    context: {
      ...(run.entryEvent?.properties ?? {}),
      entryEvent: run.entryEvent ?? null,
      journey: { id: run.journeyId, name: interpreter.definition.name, version: run.version },
    },
    governance: { frequencyCaps: governance.frequencyCaps, quietHours: governance.quietHours },
  };
  const first = await sendMessage(interpreter, request);
  if (first === INTERRUPTED) return INTERRUPTED;
  const output = first.status === 'sent' ? MESSAGE_SENT_OUTPUT : MESSAGE_SKIPPED_OUTPUT;
  // Runs recorded before follow-ups existed went straight on here, with or without one configured.
  if (!config.followUp || !patched('message-follow-up')) return { output };
  const followUp = config.followUp;
  if (first.status !== 'sent') {
    await interpreter.record([
      {
        nodeId: node.id,
        visit,
        kind: 'follow_up_checked',
        at: now(),
        detail: {
          decision: 'not_sent',
          reason: 'the first message was not sent, so there is nothing to follow up',
        },
      },
    ]);
    return { output };
  }

  const waitedFrom = now();
  const deadline = Date.now() + durationToMs(followUp.after);
  interpreter.setWaiting({
    kind: 'timer',
    until: new Date(deadline).toISOString(),
    purpose: `follow-up unless ${followUp.unless}`,
  });
  const ended = await waitUntil(interpreter, () => false, deadline);
  if (ended === INTERRUPTED) return INTERRUPTED;
  interpreter.setWaiting(null);
  const decision = await bookkeeping.checkFollowUp({
    run: interpreter.run(),
    nodeId: node.id,
    visit,
    sendId: first.sendId,
    followUp,
    waitedFrom,
    at: now(),
  });
  if (decision.send) {
    const second = await sendMessage(interpreter, {
      ...request,
      channels: followUp.channels,
      followUpOf: first.sendId,
    });
    if (second === INTERRUPTED) return INTERRUPTED;
  }
  return { output: MESSAGE_SENT_OUTPUT };
}

/** Asks the sender until it settles: quiet hours with 'defer' hold the run here until the window opens. */
async function sendMessage(
  interpreter: Interpreter,
  request: MessageRequest,
): Promise<Exclude<MessageOutcome, { status: 'deferred' }> | typeof INTERRUPTED> {
  for (;;) {
    const outcome = await sends.sendMessage(request);
    if (outcome.status !== 'deferred') return outcome;
    interpreter.setWaiting({ kind: 'window', until: outcome.until });
    const ended = await waitUntil(interpreter, () => false, Date.parse(outcome.until));
    if (ended === INTERRUPTED) return INTERRUPTED;
  }
}

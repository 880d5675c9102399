import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  entryTriggerId,
  JourneyDefinition,
  RUN_SIGNAL_EVENT,
  type JourneyRunInput,
  type RunEvent,
} from '@nudgeflow/journey';
import { readPath } from '@nudgeflow/segments';
import { runSearchAttributes } from './run-search-attributes';
import {
  ensureJourneyRun,
  listActiveJourneyVersions,
  listRunningRunIds,
  listRunsInScope,
  type Db,
} from '@nudgeflow/db';

// By name rather than by importing workflow code into the worker process.
const JOURNEY_RUN_WORKFLOW = 'journeyRun';

/**
 * What the dispatcher does with one customer event on the journey side: start runs of every ACTIVE journey
 * whose trigger matches (subject to its entry rules), and signal every run of the customer that is still
 * going. Entry decisions are made here, in the dispatcher, because it handles one customer's events one at
 * a time in order: two quick `Product Added` events cannot both pass a "one run per cart" check.
 */

export interface CustomerEvent {
  workspaceId: string;
  customerId: string;
  messageId: string;
  name: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

export interface JourneyDispatchResult {
  started: string[];
  signalled: string[];
  /** Why matching journeys did not start a run, for logs. */
  declined: { journeyId: string; reason: string }[];
}

const definitions = new Map<string, JourneyDefinition>();

/** Versions are immutable, so a parsed definition is cached for as long as the process lives. */
function parseDefinition(versionId: string, raw: unknown): JourneyDefinition {
  let definition = definitions.get(versionId);
  if (!definition) {
    definition = JourneyDefinition.parse(raw);
    definitions.set(versionId, definition);
  }
  return definition;
}

/** The trigger node through which this event enters the journey, if any: its kind's `matchesEntry` decides. */
export function matchTrigger(definition: JourneyDefinition, event: CustomerEvent): string | null {
  return entryTriggerId(definition, { name: event.name, properties: event.properties });
}

/** `journey:<journeyId>:<customerId>[:<entryKey>][:<n>]` — business keys, so a duplicate start is impossible. */
export function runWorkflowId(
  journeyId: string,
  customerId: string,
  entryKey: string | null,
  entryNumber: number,
): string {
  const key = entryKey === null ? '' : `:${encodeURIComponent(entryKey).slice(0, 200)}`;
  return `journey:${journeyId}:${customerId}${key}${entryNumber > 1 ? `:${entryNumber}` : ''}`;
}

function entryKeyOf(definition: JourneyDefinition, event: CustomerEvent): string | null | undefined {
  const uniqueBy = definition.settings.entry.uniqueBy;
  if (uniqueBy === null) return null;
  const value = readPath(event.properties, uniqueBy);
  if (value === undefined || value === null || typeof value === 'object') return undefined;
  return String(value);
}

export async function dispatchToJourneys(
  db: Db,
  client: Client,
  taskQueue: string,
  event: CustomerEvent,
  now = new Date(),
): Promise<JourneyDispatchResult> {
  const result: JourneyDispatchResult = { started: [], signalled: [], declined: [] };
  const runEvent: RunEvent = {
    messageId: event.messageId,
    name: event.name,
    properties: event.properties,
    timestamp: event.timestamp,
  };

  for (const active of await listActiveJourneyVersions(db, event.workspaceId)) {
    const definition = parseDefinition(active.versionId, active.definition);
    const triggerNodeId = matchTrigger(definition, event);
    if (triggerNodeId === null) continue;
    const entryKey = entryKeyOf(definition, event);
    if (entryKey === undefined) {
      result.declined.push({
        journeyId: active.journeyId,
        reason: `entry property ${definition.settings.entry.uniqueBy} missing`,
      });
      continue;
    }
    const earlier = await listRunsInScope(db, {
      journeyId: active.journeyId,
      customerId: event.customerId,
      entryKey,
    });
    const reentry = definition.settings.entry.reentry;
    const decline = (reason: string) => result.declined.push({ journeyId: active.journeyId, reason });
    if (earlier.some((run) => run.status === 'RUNNING')) {
      decline('a run in this entry scope is still going');
      continue;
    }
    if (earlier.length > 0 && reentry.mode === 'never') {
      decline('re-entry: never');
      continue;
    }
    const latest = earlier[0];
    if (
      latest &&
      reentry.mode === 'after' &&
      now.getTime() - latest.startedAt.getTime() < reentry.days * 86_400_000
    ) {
      decline(`re-entry: not within ${reentry.days} days of the last entry`);
      continue;
    }

    const workflowId = runWorkflowId(active.journeyId, event.customerId, entryKey, earlier.length + 1);
    const input: JourneyRunInput = {
      workspaceId: event.workspaceId,
      customerId: event.customerId,
      definition,
      triggerNodeId,
      entryEvent: runEvent,
      ...(entryKey !== null ? { entryKey } : {}),
    };
    try {
      await client.workflow.signalWithStart(JOURNEY_RUN_WORKFLOW, {
        workflowId,
        taskQueue,
        args: [input],
        signal: RUN_SIGNAL_EVENT,
        signalArgs: [runEvent],
        // The id is a business key: a finished run with it means this entry already happened.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: await runSearchAttributes(db, {
          workspaceId: event.workspaceId,
          customerId: event.customerId,
          journeyId: active.journeyId,
          journeyVersion: definition.version,
        }),
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        decline('a run with this id already finished');
        continue;
      }
      throw error;
    }
    await ensureJourneyRun(db, {
      id: workflowId,
      workspaceId: event.workspaceId,
      journeyId: active.journeyId,
      versionId: active.versionId,
      customerId: event.customerId,
      entryKey,
      entryEvent: runEvent,
    });
    result.started.push(workflowId);
  }

  for (const runId of await listRunningRunIds(db, event.customerId)) {
    if (result.started.includes(runId)) continue;
    if (await signalRun(client, runId, runEvent)) result.signalled.push(runId);
  }
  return result;
}

/**
 * Signals the run's current execution. "Not found" can mean the run ended after its row was read (nothing
 * waits for the event there) or that the signal raced a continueAsNew handover; the second case is told
 * apart by describing the id, and signalled again.
 */
async function signalRun(client: Client, runId: string, event: RunEvent): Promise<boolean> {
  const handle = client.workflow.getHandle(runId);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await handle.signal(RUN_SIGNAL_EVENT, event);
      return true;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      const description = await handle.describe().catch((described: unknown) => {
        if (described instanceof WorkflowNotFoundError) return null;
        throw described;
      });
      if (description?.status.name !== 'RUNNING') return false;
    }
  }
  throw new Error(`Run ${runId} is running but would not take the signal`);
}

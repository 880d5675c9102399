import {
  ensureJourneyRun,
  findCustomerTimezone,
  findCustomerById,
  journeyRunExists,
  finishJourneyRun,
  markRunConverted,
  recordConversion as recordMessageConversion,
  recordJourneySteps,
  setRunCurrentNode,
  setRunVersion,
  type Db,
} from '@nudgeflow/db';
import { isValidTimeZone, JOURNEY_SCHEDULE_TRIGGER_EVENT } from '@nudgeflow/journey';
import { nextWindowOpening } from './time-window';
import type {
  FinishRunInput,
  MigrateRunInput,
  NextWindow,
  NextWindowInput,
  RecordConversionInput,
  RecordStepsInput,
  RunContext,
  StartRunInput,
} from '@nudgeflow/workflows';

/**
 * The run's own rows: JourneyRun (status, where it is, for the inspector) and the step log. All of these
 * are idempotent (upserts and unique step keys) because activities run at least once.
 */

/**
 * Runs `write` unless the customer was erased (DELETE /v1/customers/:userId), which deletes the run row and
 * everything under it: a step or status written for it then fails on the foreign key, and retrying cannot
 * help, so a failed write whose run (or, before the row exists, customer) is gone is dropped. The erased
 * run still ends normally; there is just nothing of it left to record.
 */
async function unlessErased(db: Db, run: RunContext, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const [runRow, customer] = await Promise.all([
      journeyRunExists(db, run.runId),
      findCustomerById(db, run.workspaceId, run.customerId),
    ]);
    if (runRow && customer) throw error;
  }
}

export async function startRun(db: Db, input: StartRunInput): Promise<void> {
  await unlessErased(db, input.run, () => recordRunStart(db, input));
}

async function recordRunStart(db: Db, input: StartRunInput): Promise<void> {
  const { run } = input;
  await ensureJourneyRun(db, {
    id: run.runId,
    workspaceId: run.workspaceId,
    journeyId: run.journeyId,
    versionId: run.versionId,
    customerId: run.customerId,
    entryKey: run.entryKey ?? null,
    entryEvent: run.entryEvent ?? null,
    startedAt: new Date(run.enteredAt),
  });
  await recordJourneySteps(db, {
    runId: run.runId,
    journeyId: run.journeyId,
    steps: [
      {
        nodeId: input.triggerNodeId,
        visit: 1,
        kind: 'entered',
        at: new Date(run.enteredAt),
        detail: {
          trigger: input.triggerNodeId,
          version: run.version,
          ...(run.entryEvent
            ? { event: { name: run.entryEvent.name, messageId: run.entryEvent.messageId } }
            : {}),
          // Schedule triggers: which occurrence (the instant, or the wall time of a customer-local one) entered.
          ...(run.entryEvent?.name === JOURNEY_SCHEDULE_TRIGGER_EVENT
            ? {
                occurrence: run.entryEvent.properties['occurrence'],
                fireAt: run.entryEvent.properties['fireAt'],
              }
            : {}),
          ...(run.entryKey !== undefined ? { entryKey: run.entryKey } : {}),
        },
      },
    ],
  });
}

export async function recordSteps(db: Db, input: RecordStepsInput): Promise<void> {
  await unlessErased(db, input.run, async () => {
    await recordJourneySteps(db, {
      runId: input.run.runId,
      journeyId: input.run.journeyId,
      steps: input.steps.map((step) => ({ ...step, at: new Date(step.at) })),
    });
    if (input.currentNodeId !== undefined) await setRunCurrentNode(db, input.run.runId, input.currentNodeId);
  });
}

export async function finishRun(db: Db, input: FinishRunInput): Promise<void> {
  await unlessErased(db, input.run, () => recordRunEnd(db, input));
}

async function recordRunEnd(db: Db, input: FinishRunInput): Promise<void> {
  const at = new Date(input.at);
  await recordJourneySteps(db, {
    runId: input.run.runId,
    journeyId: input.run.journeyId,
    steps: [
      {
        // The run-level step hangs on the node where it ended ("" when a path simply ran out).
        nodeId: input.nodeId ?? '',
        visit: input.visit,
        kind: input.status,
        at,
        detail: { reason: input.reason },
      },
    ],
  });
  await finishJourneyRun(db, {
    runId: input.run.runId,
    status: input.status === 'completed' ? 'COMPLETED' : 'EXITED',
    reason: input.reason,
    at,
  });
}

export async function migrateRun(db: Db, input: MigrateRunInput): Promise<void> {
  await unlessErased(db, input.run, () => recordMigration(db, input));
}

async function recordMigration(db: Db, input: MigrateRunInput): Promise<void> {
  await setRunVersion(db, {
    runId: input.run.runId,
    versionId: input.toVersionId,
    currentNodeId: input.nodeId,
  });
  await recordJourneySteps(db, {
    runId: input.run.runId,
    journeyId: input.run.journeyId,
    steps: [
      {
        nodeId: input.nodeId ?? '',
        visit: input.visit,
        kind: 'migrated',
        at: new Date(input.at),
        detail: {
          fromVersion: input.fromVersion,
          toVersion: input.toVersion,
          toVersionId: input.toVersionId,
        },
      },
    ],
  });
}

/** A goal event: the run converts, and (within the attribution window) the latest message sent does too. */
export async function recordConversion(
  db: Db,
  input: RecordConversionInput,
  uncreditedChannels: readonly string[],
): Promise<void> {
  await unlessErased(db, input.run, () => recordRunConversion(db, input, uncreditedChannels));
}

async function recordRunConversion(
  db: Db,
  input: RecordConversionInput,
  uncreditedChannels: readonly string[],
): Promise<void> {
  const at = new Date(input.event.timestamp);
  await markRunConverted(db, input.run.runId, at);
  if (input.attributionWindowHours !== null) {
    await recordMessageConversion(db, {
      workspaceId: input.run.workspaceId,
      customerId: input.run.customerId,
      eventName: input.event.name,
      at,
      journeyId: input.run.journeyId,
      windowHours: input.attributionWindowHours,
      uncreditedChannels,
    });
  }
  await recordJourneySteps(db, {
    runId: input.run.runId,
    journeyId: input.run.journeyId,
    steps: [
      {
        // Journey-level conversions have no node; keyed by the event so each counts once and retries don't repeat it.
        nodeId: input.goalNodeId ?? `conversion:${input.event.messageId}`,
        visit: 1,
        kind: 'goal',
        at,
        detail: { event: { name: input.event.name, messageId: input.event.messageId } },
      },
    ],
  });
  if (input.goalNodeId) await setRunCurrentNode(db, input.run.runId, input.goalNodeId);
}

export async function nextWindowStart(db: Db, input: NextWindowInput): Promise<NextWindow> {
  const own = await findCustomerTimezone(db, input.run.workspaceId, input.run.customerId);
  const timezone = own && isValidTimeZone(own) ? own : input.config.fallbackTimezone;
  const opensAt = nextWindowOpening(input.config, timezone, new Date(input.now));
  return { opensAt: opensAt.toISOString(), timezone };
}

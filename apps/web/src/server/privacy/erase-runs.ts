import { createLogger } from '@nudgeflow/config';
import { RUN_SIGNAL_EXIT, type RunExitRequest } from '@nudgeflow/journey';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { getTemporalClient } from '../temporal';

/**
 * The Temporal side of erasing a customer. Their journey runs carry their events (the entry event, every
 * event a wait received) in workflow history, which Temporal would keep until the namespace's retention
 * after each run closes. So each open run is told to exit first (it ends cleanly: its bookkeeping finds the
 * erased rows gone and records nothing), and once the data is deleted every execution of every run,
 * continued-as-new ones included, is deleted from Temporal.
 */

const log = createLogger('web:privacy');

/** How long erasure waits for the runs it signalled to end before deleting them anyway (which terminates). */
const EXIT_WAIT_MS = 5_000;
const DELETE_BATCH = 20;

export interface RunsExited {
  exited: number;
  failed: number;
}

/**
 * Tells each open run to exit. A run whose workflow is already gone counts as exited; if Temporal is
 * unreachable the erasure still happens (the runs' activities then find no customer and send nothing).
 */
export async function exitRuns(runIds: readonly string[]): Promise<RunsExited> {
  if (runIds.length === 0) return { exited: 0, failed: 0 };
  let exited = 0;
  let failed = 0;
  try {
    const client = await getTemporalClient();
    const request: RunExitRequest = { reason: 'customer data deleted', by: 'privacy-delete' };
    await Promise.all(
      runIds.map(async (runId) => {
        try {
          await client.workflow.getHandle(runId).signal(RUN_SIGNAL_EXIT, request);
          exited++;
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) exited++;
          else {
            failed++;
            log.warn({ err: error, runId }, 'could not signal a run to exit');
          }
        }
      }),
    );
  } catch (error) {
    failed = runIds.length - exited;
    log.warn({ err: error }, 'Temporal unreachable while deleting customer data');
  }
  return { exited, failed };
}

export interface RunsDeleted {
  /** Runs none of whose executions is left in Temporal. */
  deleted: number;
  /** Runs Temporal could not be asked to delete (unreachable); they stay until its retention. */
  failed: number;
}

/** Deletes every execution of each run (workflow id) from Temporal, after letting open ones finish. */
export async function deleteRunExecutions(runIds: readonly string[]): Promise<RunsDeleted> {
  if (runIds.length === 0) return { deleted: 0, failed: 0 };
  let client: Client;
  try {
    client = await getTemporalClient();
  } catch (error) {
    log.warn({ err: error }, 'Temporal unreachable: erased runs stay there until its retention');
    return { deleted: 0, failed: runIds.length };
  }
  let deleted = 0;
  // A long-time customer may have hundreds of runs: a few at a time, not hundreds of calls at once.
  for (let start = 0; start < runIds.length; start += DELETE_BATCH) {
    const outcomes = await Promise.all(
      runIds.slice(start, start + DELETE_BATCH).map(async (workflowId) => {
        try {
          await deleteExecutions(client, workflowId);
          return true;
        } catch (error) {
          log.warn({ err: error, workflowId }, 'could not delete an erased run from Temporal');
          return false;
        }
      }),
    );
    deleted += outcomes.filter(Boolean).length;
  }
  return { deleted, failed: runIds.length - deleted };
}

async function deleteExecutions(client: Client, workflowId: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  // The exit signal ends the run in well under a second while a worker runs; without one, delete anyway.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    handle.result().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, EXIT_WAIT_MS))),
  ]);
  clearTimeout(timer);

  // Each continue-as-new is an execution of its own under the same id; the latest is deleted by id alone.
  const runIds = new Set<string | undefined>([undefined]);
  const query = `WorkflowId = "${workflowId.replace(/["\\]/g, '\\$&')}"`;
  for await (const execution of client.workflow.list({ query })) runIds.add(execution.runId);
  for (const runId of runIds) {
    try {
      await client.workflowService.deleteWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId, ...(runId ? { runId } : {}) },
      });
    } catch (error) {
      // NOT_FOUND: already deleted, or never stored (the run's start did not reach Temporal).
      if ((error as { code?: number }).code !== 5) throw error;
    }
  }
}

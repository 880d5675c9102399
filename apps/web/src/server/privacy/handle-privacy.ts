import { createLogger } from '@nudgeflow/config';
import {
  deleteCustomerData,
  exportCustomerData,
  findCustomerIdByUserId,
  getDb,
  listOpenRunIds,
} from '@nudgeflow/db';
import { RUN_SIGNAL_EXIT, type RunExitRequest } from '@nudgeflow/journey';
import { WorkflowNotFoundError } from '@temporalio/client';
import { authenticate } from '../http/authenticate';
import { HttpError, jsonResponse, requirePathId } from '../http/responses';
import { getTemporalClient } from '../temporal';

const log = createLogger('web:privacy');

async function customerFor(request: Request, userId: string): Promise<string> {
  const caller = await authenticate(request, { accept: ['api-key'] });
  requirePathId(userId, 'userId');
  const customerId = await findCustomerIdByUserId(getDb(), caller.workspaceId, userId);
  if (!customerId) throw noCustomer(userId);
  return customerId;
}

const noCustomer = (userId: string) =>
  new HttpError(404, { field: 'userId', message: `no customer with userId ${userId}` });

/**
 * Tells each open journey run to exit before the data goes, so no workflow keeps messaging a deleted
 * customer. A run whose workflow is already gone counts as exited; if Temporal is unreachable the
 * deletion still happens (the runs' activities then find no customer and send nothing).
 */
async function exitRuns(runIds: string[]): Promise<{ exited: number; failed: number }> {
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

/** DELETE /v1/customers/:userId (secret API key). */
export async function handleDeleteCustomer(request: Request, userId: string): Promise<Response> {
  const customerId = await customerFor(request, userId);
  const runs = await exitRuns(await listOpenRunIds(getDb(), customerId));
  const deleted = await deleteCustomerData(getDb(), customerId);
  if (!deleted) throw noCustomer(userId);
  log.info({ customerId, ...deleted, runs }, 'customer data deleted');
  return jsonResponse(200, {
    success: true,
    customerId,
    deleted,
    runsExited: runs.exited,
    runsNotSignalled: runs.failed,
  });
}

/** GET /v1/customers/:userId/export (secret API key): everything stored about the customer, as JSON. */
export async function handleExportCustomer(request: Request, userId: string): Promise<Response> {
  const customerId = await customerFor(request, userId);
  const data = await exportCustomerData(getDb(), customerId);
  if (!data) throw noCustomer(userId);
  return jsonResponse(200, data, {
    'Content-Disposition': `attachment; filename="customer-${customerId}.json"`,
    'Cache-Control': 'no-store',
  });
}

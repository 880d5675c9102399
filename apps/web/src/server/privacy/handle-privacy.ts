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
import { guardApi } from '../http/guard';
import { errorResponse, jsonResponse, pathIdError } from '../http/responses';
import { authenticateSecret } from '../http/workspace-auth';
import { getTemporalClient } from '../temporal';

const log = createLogger('web:privacy');

async function customerFor(request: Request, userId: string) {
  const auth = await authenticateSecret(request);
  if (!auth.ok) return { ok: false, response: errorResponse(auth.status, auth.error) } as const;
  const badId = pathIdError(userId, 'userId');
  if (badId) return { ok: false, response: errorResponse(400, badId) } as const;
  const customerId = await findCustomerIdByUserId(getDb(), auth.caller.workspaceId, userId);
  if (!customerId)
    return {
      ok: false,
      response: errorResponse(404, { field: 'userId', message: `no customer with userId ${userId}` }),
    } as const;
  return { ok: true, customerId } as const;
}

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
export function handleDeleteCustomer(request: Request, userId: string): Promise<Response> {
  return guardApi('/v1/customers/:userId', async () => {
    const found = await customerFor(request, userId);
    if (!found.ok) return found.response;
    const runs = await exitRuns(await listOpenRunIds(getDb(), found.customerId));
    const deleted = await deleteCustomerData(getDb(), found.customerId);
    if (!deleted)
      return errorResponse(404, { field: 'userId', message: `no customer with userId ${userId}` });
    log.info({ customerId: found.customerId, ...deleted, runs }, 'customer data deleted');
    return jsonResponse(200, {
      success: true,
      customerId: found.customerId,
      deleted,
      runsExited: runs.exited,
      runsNotSignalled: runs.failed,
    });
  });
}

/** GET /v1/customers/:userId/export (secret API key): everything stored about the customer, as JSON. */
export function handleExportCustomer(request: Request, userId: string): Promise<Response> {
  return guardApi('/v1/customers/:userId/export', async () => {
    const found = await customerFor(request, userId);
    if (!found.ok) return found.response;
    const data = await exportCustomerData(getDb(), found.customerId);
    if (!data) return errorResponse(404, { field: 'userId', message: `no customer with userId ${userId}` });
    return jsonResponse(200, data, {
      'Content-Disposition': `attachment; filename="customer-${found.customerId}.json"`,
      'Cache-Control': 'no-store',
    });
  });
}

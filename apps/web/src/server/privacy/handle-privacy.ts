import { createLogger } from '@nudgeflow/config';
import {
  deleteCustomerData,
  exportCustomerData,
  findCustomerIdByUserId,
  getDb,
  listCustomerRunIds,
  listOpenRunIds,
} from '@nudgeflow/db';
import { guardApi } from '../http/guard';
import { errorResponse, jsonResponse, pathIdError } from '../http/responses';
import { authenticateSecret } from '../http/workspace-auth';
import { deleteRunExecutions, exitRuns } from './erase-runs';

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

/** DELETE /v1/customers/:userId (secret API key). */
export function handleDeleteCustomer(request: Request, userId: string): Promise<Response> {
  return guardApi('/v1/customers/:userId', async () => {
    const found = await customerFor(request, userId);
    if (!found.ok) return found.response;
    // Listed before the rows go: afterwards nothing says which Temporal executions were this customer's.
    const allRuns = await listCustomerRunIds(getDb(), found.customerId);
    const runs = await exitRuns(await listOpenRunIds(getDb(), found.customerId));
    const deleted = await deleteCustomerData(getDb(), found.customerId);
    if (!deleted)
      return errorResponse(404, { field: 'userId', message: `no customer with userId ${userId}` });
    const executions = await deleteRunExecutions(allRuns);
    log.info({ customerId: found.customerId, ...deleted, runs, executions }, 'customer data deleted');
    return jsonResponse(200, {
      success: true,
      customerId: found.customerId,
      deleted,
      runsExited: runs.exited,
      runsNotSignalled: runs.failed,
      runsDeletedFromTemporal: executions.deleted,
      runsNotDeletedFromTemporal: executions.failed,
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

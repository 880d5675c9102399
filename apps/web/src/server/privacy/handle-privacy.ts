import { createLogger } from '@nudgeflow/config';
import {
  deleteCustomerData,
  exportCustomerData,
  findCustomerIdByUserId,
  getDb,
  listCustomerRunIds,
  listOpenRunIds,
} from '@nudgeflow/db';
import { authenticate } from '../http/authenticate';
import { HttpError, jsonResponse, requirePathId } from '../http/responses';
import { deleteRunExecutions, exitRuns } from './erase-runs';

const log = createLogger('web:privacy');

const noCustomer = (userId: string) =>
  new HttpError(404, { field: 'userId', message: `no customer with userId ${userId}` });

/** The customer a privacy request is about; only a secret API key may ask. */
async function customerFor(request: Request, userId: string): Promise<string> {
  const caller = await authenticate(request, { accept: ['api-key'] });
  requirePathId(userId, 'userId');
  const customerId = await findCustomerIdByUserId(getDb(), caller.workspaceId, userId);
  if (!customerId) throw noCustomer(userId);
  return customerId;
}

/** DELETE /v1/customers/:userId (secret API key). */
export async function handleDeleteCustomer(request: Request, userId: string): Promise<Response> {
  const customerId = await customerFor(request, userId);
  // Listed before the rows go: afterwards nothing says which Temporal executions were this customer's.
  const allRuns = await listCustomerRunIds(getDb(), customerId);
  const runs = await exitRuns(await listOpenRunIds(getDb(), customerId));
  const deleted = await deleteCustomerData(getDb(), customerId);
  if (!deleted) throw noCustomer(userId);
  const executions = await deleteRunExecutions(allRuns);
  log.info({ customerId, ...deleted, runs, executions }, 'customer data deleted');
  return jsonResponse(200, {
    success: true,
    customerId,
    deleted,
    runsExited: runs.exited,
    runsNotSignalled: runs.failed,
    runsDeletedFromTemporal: executions.deleted,
    runsNotDeletedFromTemporal: executions.failed,
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

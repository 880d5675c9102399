import { createLogger } from '@nudgeflow/config';
import {
  deleteCustomerData,
  exportCustomerData,
  findCustomerIdByUserId,
  getDb,
  listCustomerRunIds,
  listOpenRunIds,
  type DeleteCustomerResult,
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

/** What erasing a customer removed, and what Temporal could not be told or asked to delete. */
export interface CustomerErasure {
  customerId: string;
  deleted: DeleteCustomerResult;
  runsExited: number;
  runsNotSignalled: number;
  runsDeletedFromTemporal: number;
  runsNotDeletedFromTemporal: number;
}

/**
 * Erases a customer: their open runs are told to exit, every row about them goes, then every execution of
 * their runs is deleted from Temporal. Null when the customer is already gone. One implementation for the
 * API (DELETE /v1/customers/:userId) and the profile page.
 */
export async function eraseCustomer(customerId: string): Promise<CustomerErasure | null> {
  // Listed before the rows go: afterwards nothing says which Temporal executions were this customer's.
  const allRuns = await listCustomerRunIds(getDb(), customerId);
  const runs = await exitRuns(await listOpenRunIds(getDb(), customerId));
  const deleted = await deleteCustomerData(getDb(), customerId);
  if (!deleted) return null;
  const executions = await deleteRunExecutions(allRuns);
  log.info({ customerId, ...deleted, runs, executions }, 'customer data deleted');
  return {
    customerId,
    deleted,
    runsExited: runs.exited,
    runsNotSignalled: runs.failed,
    runsDeletedFromTemporal: executions.deleted,
    runsNotDeletedFromTemporal: executions.failed,
  };
}

/** Everything stored about the customer, as the export file holds it; null when the customer is gone. */
export function exportCustomer(customerId: string) {
  return exportCustomerData(getDb(), customerId);
}

/** The export's file name, the same from the API and the profile page. */
export function exportFileName(customerId: string): string {
  return `customer-${customerId}.json`;
}

/** DELETE /v1/customers/:userId (secret API key). */
export async function handleDeleteCustomer(request: Request, userId: string): Promise<Response> {
  const customerId = await customerFor(request, userId);
  const erased = await eraseCustomer(customerId);
  if (!erased) throw noCustomer(userId);
  return jsonResponse(200, { success: true, ...erased });
}

/** GET /v1/customers/:userId/export (secret API key): everything stored about the customer, as JSON. */
export async function handleExportCustomer(request: Request, userId: string): Promise<Response> {
  const customerId = await customerFor(request, userId);
  const data = await exportCustomer(customerId);
  if (!data) throw noCustomer(userId);
  return jsonResponse(200, data, {
    'Content-Disposition': `attachment; filename="${exportFileName(customerId)}"`,
    'Cache-Control': 'no-store',
  });
}

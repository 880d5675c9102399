import type { RunEvent } from '@nudgeflow/journey';
import { listCustomerEventsAfter, type Db } from '@nudgeflow/db';
import type { RecoveredRunEvents, RecoverRunEventsInput } from '@nudgeflow/workflows';

/**
 * `recoverRunEvents`: the activity a journey run calls when it resumes after continueAsNew, so that no
 * event its previous execution accepted is lost in the handover (docs/engine.md, "continueAsNew"). Its
 * result is recorded in history, so replays see the same events.
 *
 * Why it is needed: under load a workflow task can outlive its timeout while the run decides to continue
 * as new; the server then retries the task with the signals that arrived meanwhile, and the SDK can apply
 * that retry to the execution it still holds, whose continueAsNew input was already built. Those signals
 * are in the old execution's history and nowhere else. The outbox is the record of what was sent: the
 * dispatcher sends a customer's rows to every running run in outbox order, so what the run may have missed
 * is the customer's rows after the newest one it handed over.
 */

/** Rows read per call. */
export const RECOVERY_PAGE_SIZE = 200;
/**
 * Undispatched rows taken per call. The dispatcher will still signal those, and the run drops the repeat by
 * message id, which it remembers for the last 500 ids only: keep well inside that.
 */
export const RECOVERY_UNDISPATCHED_LIMIT = 100;

export async function recoverRunEvents(db: Db, input: RecoverRunEventsInput): Promise<RecoveredRunEvents> {
  const rows = await listCustomerEventsAfter(db, {
    workspaceId: input.workspaceId,
    customerId: input.customerId,
    seenMessageIds: input.seenMessageIds,
    ...(input.afterOutboxId ? { afterOutboxId: input.afterOutboxId } : {}),
    limit: RECOVERY_PAGE_SIZE,
  });
  const events: RunEvent[] = [];
  let cursor: string | null = null;
  let undispatched = 0;
  let cut = false;
  for (const row of rows) {
    if (!row.dispatched && ++undispatched > RECOVERY_UNDISPATCHED_LIMIT) {
      cut = true;
      break;
    }
    events.push({
      messageId: row.payload.messageId,
      name: row.payload.name ?? '',
      properties: row.payload.properties ?? {},
      timestamp: row.payload.timestamp,
    });
    cursor = row.outboxId;
  }
  // Past the undispatched limit the dispatcher delivers the rest anyway: they were never sent, so never lost.
  return { events, cursor, more: !cut && rows.length === RECOVERY_PAGE_SIZE };
}

import { poolOf, type Db } from '../client';
import type { OutboxEventPayload } from './outbox';

/**
 * What a journey run reads when it resumes after continueAsNew, to recover events its previous execution
 * accepted but did not hand over (docs/engine.md, "continueAsNew"). The dispatcher delivers a customer's
 * outbox rows to every running run strictly in outbox order, so everything a run was sent after the newest
 * event it handed over is exactly the customer's rows after that event's row.
 */

export interface CustomerOutboxEvent {
  /** OutboxEntry id (bigint as a string): the cursor for the next page. */
  outboxId: string;
  /** Marked dispatched: the dispatcher will not send it again (unless it crashed before marking). */
  dispatched: boolean;
  payload: OutboxEventPayload;
}

export interface ListCustomerEventsAfterInput {
  workspaceId: string;
  customerId: string;
  /**
   * Message ids the run has seen; the anchor is the newest outbox row among them. Ignored when
   * `afterOutboxId` is given (the next page).
   */
  seenMessageIds?: readonly string[];
  afterOutboxId?: string;
  limit: number;
}

/**
 * The customer's event rows after the anchor, oldest first, at most `limit`. Empty when no seen id has an
 * outbox row (the run was only ever signalled directly): there is nothing to anchor on.
 */
export async function listCustomerEventsAfter(
  db: Db,
  input: ListCustomerEventsAfterInput,
): Promise<CustomerOutboxEvent[]> {
  const result = await poolOf(db).query<{
    outboxId: string;
    dispatched: boolean;
    payload: OutboxEventPayload;
  }>(
    `WITH anchor AS (
       SELECT CASE WHEN $5::bigint IS NOT NULL THEN $5::bigint ELSE (
                SELECT max(o.id) FROM "OutboxEntry" o
                 WHERE o."customerId" = $2::uuid
                   AND o."eventId" IN (SELECT e.id FROM "Event" e
                                        WHERE e."workspaceId" = $1::uuid AND e."messageId" = ANY($3::text[]))
              ) END AS id
     )
     SELECT o.id::text AS "outboxId", o."dispatchedAt" IS NOT NULL AS dispatched, o.payload
       FROM "OutboxEntry" o, anchor
      WHERE anchor.id IS NOT NULL AND o."customerId" = $2::uuid AND o."workspaceId" = $1::uuid
        AND o.kind = 'event' AND o.id > anchor.id
      ORDER BY o.id
      LIMIT $4`,
    [
      input.workspaceId,
      input.customerId,
      input.seenMessageIds ?? [],
      input.limit,
      input.afterOutboxId ?? null,
    ],
  );
  return result.rows;
}

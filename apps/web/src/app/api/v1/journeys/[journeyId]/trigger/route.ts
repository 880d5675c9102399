import { z } from 'zod';
import { authenticate, outcomeJson, readBody } from '~/app/api/v1/journeys/_lib/http';
import { triggerJourney } from '~/app/api/v1/journeys/_lib/service';

export const dynamic = 'force-dynamic';

const TriggerBody = z.object({
  userId: z.string().min(1).max(200),
  properties: z.record(z.string().min(1).max(200), z.unknown()).optional(),
  /** Idempotency key: a retried call with the same messageId enters the customer once. */
  messageId: z.string().min(1).max(200).optional(),
});

/**
 * POST /api/v1/journeys/:id/trigger `{ userId, properties?, messageId? }`: enters a customer through the
 * journey's API trigger. 202 once the entry is durably queued; the journey's entry rules then apply.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ journeyId: string }> },
): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  const body = await readBody(request, TriggerBody);
  if (!body.ok) return body.response;
  const { journeyId } = await params;
  return outcomeJson(await triggerJourney(caller.db, caller.workspace.id, journeyId, body.value), 202);
}

import { z } from 'zod';
import { authenticate, errorJson, outcomeJson, readJson } from '../../_lib/http';
import { triggerJourney } from '../../_lib/service';

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
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const parsed = TriggerBody.safeParse(body.value);
  if (!parsed.success) {
    return errorJson(
      400,
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
    );
  }
  const { journeyId } = await params;
  return outcomeJson(await triggerJourney(caller.db, caller.workspace.id, journeyId, parsed.data), 202);
}

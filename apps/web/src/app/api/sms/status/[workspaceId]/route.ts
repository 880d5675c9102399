import { EMPTY_TWIML, handleSmsStatusCallback } from '@nudgeflow/channels';
import { getDb } from '@nudgeflow/db';
import { guardApi } from '~/server/http/guard';
import { errorResponse } from '~/server/http/responses';
import { twimlResponse, verifyTwilioRequest } from '~/app/api/sms/_lib/twilio-request';

export const dynamic = 'force-dynamic';

/**
 * Delivery status callbacks (the SMS channel sets `StatusCallback` to this URL when it knows PUBLIC_URL).
 * `delivered` → `delivered` receipt; `undelivered`/`failed` → `bounced` receipt and the send FAILED.
 * A status for a message we do not know is acknowledged (200) so the provider stops retrying it.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ workspaceId: string }> },
): Promise<Response> {
  const { workspaceId } = await params;
  return guardApi('sms.status', async () => {
    const verified = await verifyTwilioRequest(request, workspaceId);
    if (verified instanceof Response) return verified;
    const outcome = await handleSmsStatusCallback(getDb(), { workspaceId, params: verified.params });
    if (outcome.kind === 'invalid')
      return errorResponse(400, { field: outcome.field, message: outcome.message });
    return twimlResponse(EMPTY_TWIML);
  });
}

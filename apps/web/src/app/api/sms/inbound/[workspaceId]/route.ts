import { EMPTY_TWIML, handleInboundSms } from '@nudgeflow/channels';
import { getDb } from '@nudgeflow/db';
import { guardApi } from '~/server/http/guard';
import { errorResponse } from '~/server/http/responses';
import { twimlResponse, verifyTwilioRequest } from '~/app/api/sms/_lib/twilio-request';

export const dynamic = 'force-dynamic';

/**
 * Incoming texts to the workspace's number (configure `<PUBLIC_URL>/api/sms/inbound/<workspaceId>` as the
 * number's messaging webhook). STOP/START/HELP change consent and answer in TwiML; anything else gets an
 * empty TwiML response.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ workspaceId: string }> },
): Promise<Response> {
  const { workspaceId } = await params;
  return guardApi('sms.inbound', async () => {
    const verified = await verifyTwilioRequest(request, workspaceId);
    if (verified instanceof Response) return verified;
    const from = verified.params.From?.trim() ?? '';
    if (!from) return errorResponse(400, { field: 'From', message: 'is required' });
    if (from.length > 64 || from.includes('\u0000'))
      return errorResponse(400, { field: 'From', message: 'is not a phone number' });
    const body = verified.params.Body ?? '';
    if (body.includes('\u0000'))
      return errorResponse(400, { field: 'Body', message: 'must not contain NUL' });
    const handled = await handleInboundSms(getDb(), { workspaceId, from, body });
    return twimlResponse(handled?.twiml ?? EMPTY_TWIML);
  });
}

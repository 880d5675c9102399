import { EMPTY_TWIML, handleInboundSms, handleSmsStatusCallback } from '@nudgeflow/channels';
import { getDb } from '@nudgeflow/db';
import { HttpError } from '../http/responses';
import { twimlResponse, verifyTwilioRequest } from './twilio-request';

/**
 * Incoming texts to the workspace's number (configure `<PUBLIC_URL>/api/sms/inbound/<workspaceId>` as the
 * number's messaging webhook). STOP/START/HELP change consent and answer in TwiML; anything else gets an
 * empty TwiML response.
 */
export async function handleInboundSmsWebhook(
  request: Request,
  params: { workspaceId: string },
): Promise<Response> {
  const { workspaceId } = params;
  const verified = await verifyTwilioRequest(request, workspaceId);
  const from = verified.params.From?.trim() ?? '';
  if (!from) throw new HttpError(400, { field: 'From', message: 'is required' });
  if (from.length > 64 || from.includes('\u0000'))
    throw new HttpError(400, { field: 'From', message: 'is not a phone number' });
  const body = verified.params.Body ?? '';
  if (body.includes('\u0000')) throw new HttpError(400, { field: 'Body', message: 'must not contain NUL' });
  const handled = await handleInboundSms(getDb(), { workspaceId, from, body });
  return twimlResponse(handled?.twiml ?? EMPTY_TWIML);
}

/**
 * Delivery status callbacks (the SMS channel sets `StatusCallback` to this URL when it knows PUBLIC_URL).
 * `delivered` → `delivered` receipt; `undelivered`/`failed` → `bounced` receipt and the send FAILED.
 * A status for a message we do not know is acknowledged (200) so the provider stops retrying it.
 */
export async function handleSmsStatusWebhook(
  request: Request,
  params: { workspaceId: string },
): Promise<Response> {
  const verified = await verifyTwilioRequest(request, params.workspaceId);
  const outcome = await handleSmsStatusCallback(getDb(), {
    workspaceId: params.workspaceId,
    params: verified.params,
  });
  if (outcome.kind === 'invalid')
    throw new HttpError(400, { field: outcome.field, message: outcome.message });
  return twimlResponse(EMPTY_TWIML);
}

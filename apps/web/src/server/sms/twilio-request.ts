import { smsSettingsOf, verifyTwilioSignature } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { findWorkspaceById, getDb, openChannelSettings } from '@nudgeflow/db';
import { readRawBody } from '../http/read-body';
import { HttpError } from '../http/responses';

/** Twilio's webhook bodies are a few hundred bytes; a text is at most 1,600 characters. */
const BODY_LIMIT = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface VerifiedTwilioRequest {
  workspaceId: string;
  params: Record<string, string>;
}

/**
 * Everything an SMS provider webhook must pass before it may change anything: a workspace with SMS
 * configured, a form-encoded body of sane size, and an `X-Twilio-Signature` that the workspace's auth
 * token produces over the public URL of this request (the URL the provider was given, so behind a proxy
 * the Host header does not matter) and the form parameters. Refusals are 4xx with a field and a message.
 */
export async function verifyTwilioRequest(
  request: Request,
  workspaceId: string,
): Promise<VerifiedTwilioRequest> {
  if (!UUID.test(workspaceId))
    throw new HttpError(404, { field: 'workspaceId', message: 'no such workspace' });
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, {
      field: 'content-type',
      message: 'must be application/x-www-form-urlencoded',
    });
  }
  const read = await readRawBody(request, BODY_LIMIT);
  if (!read.ok) throw new HttpError(read.status, read.error);
  const body = read.text;
  const workspace = await findWorkspaceById(getDb(), workspaceId);
  if (!workspace) throw new HttpError(404, { field: 'workspaceId', message: 'no such workspace' });
  const settings = smsSettingsOf(await openChannelSettings(getDb(), workspaceId));
  if (!settings)
    throw new HttpError(404, { field: 'workspaceId', message: 'SMS is not configured for this workspace' });
  const params = formParams(body);
  if (!params) throw new HttpError(400, { field: 'body', message: 'repeats a parameter' });
  const signature = request.headers.get('x-twilio-signature') ?? '';
  const url = new URL(request.url);
  const publicUrl = `${env().PUBLIC_URL.replace(/\/$/, '')}${url.pathname}${url.search}`;
  if (
    !signature ||
    !verifyTwilioSignature({ authToken: settings.authToken, url: publicUrl, params, signature })
  ) {
    throw new HttpError(403, {
      field: 'x-twilio-signature',
      message: signature ? 'does not match this request' : 'is missing',
    });
  }
  return { workspaceId, params };
}

/** TwiML answer (Twilio reads the reply text from it). */
export function twimlResponse(twiml: string): Response {
  return new Response(twiml, {
    status: 200,
    headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Form parameters as a record. Twilio sends each name once; a repeated name would make the signature
 * ambiguous (it signs every value), so it is refused rather than guessed at.
 */
function formParams(body: string): Record<string, string> | null {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(body)) {
    if (Object.prototype.hasOwnProperty.call(params, name)) return null;
    params[name] = value;
  }
  return params;
}

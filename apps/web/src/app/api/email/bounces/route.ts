import { processBounceMessage } from '@nudgeflow/channels';
import { getDb } from '@nudgeflow/db';
import { guardApi } from '~/server/http/guard';
import { errorResponse, jsonResponse } from '~/server/http/responses';
import { readRawBody } from '~/server/http/read-body';

export const dynamic = 'force-dynamic';

/** Reports quote the original message; 2 MB leaves room for one with images. */
const BODY_LIMIT = 2 * 1024 * 1024;
const CONTENT_TYPES = new Set(['message/rfc822', 'text/plain', 'application/octet-stream']);

/**
 * The bounce mailbox's inbox for production: the MTA that receives mail for the bounce domain pipes
 * each message here (e.g. Postfix `pipe` → `curl --data-binary @- -H 'Content-Type: message/rfc822'
 * '<PUBLIC_URL>/api/email/bounces?to=${recipient}'`). Delivery reports about our sends (found by the
 * VERP address, whose HMAC tag is the authentication) become bounced/delivered receipts; spam
 * complaints (ARF) unsubscribe the customer from the topic named by the quoted, signed unsubscribe link.
 */
export async function POST(request: Request): Promise<Response> {
  return guardApi('email.bounces', async () => {
    const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CONTENT_TYPES.has(contentType)) {
      return errorResponse(415, {
        field: 'content-type',
        message: 'must be message/rfc822 (the raw message)',
      });
    }
    const read = await readRawBody(request, BODY_LIMIT, 'latin1');
    if (!read.ok) return errorResponse(read.status, read.error);
    const to = new URL(request.url).searchParams.getAll('to').filter((value) => value.length <= 320);
    const result = await processBounceMessage(getDb(), Buffer.from(read.text, 'latin1'), { envelopeTo: to });
    if (result.status === 'not-a-report') {
      return errorResponse(422, {
        field: 'body',
        message: 'is not a delivery status report (multipart/report; report-type=delivery-status)',
      });
    }
    if (result.status === 'unknown-send') return errorResponse(404, { field: 'to', message: result.reason });
    return jsonResponse(200, result);
  });
}

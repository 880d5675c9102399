import { getDb, ingestMessages } from '@nudgeflow/db';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, parseIngestBody, type IngestRoute } from '@nudgeflow/ingest';
import { randomUUID } from 'node:crypto';
import { Admission } from '../http/admission';
import { authenticate } from '../http/authenticate';
import { readJsonBody } from '../http/read-body';
import { HttpError, jsonResponse, retryLaterResponse } from '../http/responses';
import { gateIngestedClaims, USER_HASH_HEADER } from '../security/identity-gate';

// Slightly fewer than the pool's connections, so the UI and health checks still get one under load.
const admission = new Admission(8, 256);

const COUNTRY_HEADERS = [
  'cf-ipcountry',
  'x-vercel-ip-country',
  'cloudfront-viewer-country',
  'x-country-code',
];

function headerCountry(headers: Headers): string | null {
  for (const name of COUNTRY_HEADERS) {
    const value = headers.get(name);
    if (value && /^[A-Za-z]{2}$/.test(value)) return value.toUpperCase();
  }
  return null;
}

/**
 * POST /v1/{track,identify,page,screen,group,alias,batch}: Segment's HTTP Tracking API. Answers 200 only
 * after the events are committed; 400/401/415 for requests that will never succeed; 429/503 with
 * Retry-After when the server cannot take them right now.
 */
export async function handleIngestRequest(request: Request, route: IngestRoute): Promise<Response> {
  const receivedAt = new Date();
  const body = await readJsonBody(request, route === 'batch' ? MAX_BATCH_BYTES : MAX_EVENT_BYTES);
  if (!body.ok) throw new HttpError(body.status, body.error);
  const parsed = parseIngestBody(body.text, route, { receivedAt, generateMessageId: randomUUID });
  // A body that is not JSON at all says more than "no write key" about what the client got wrong.
  if (!parsed.ok && parsed.error.field === 'body' && !request.headers.get('authorization'))
    throw new HttpError(400, parsed.error);
  // A secret API key is the shop's own server: its userIds are trusted. The public write key's are checked.
  // Without a key header, the write key in the body is the only credential (and a missing one is `writeKey`).
  const keyHeader = request.headers.has('authorization') || request.headers.has('x-api-key');
  const caller = await authenticate(request, {
    accept: keyHeader ? ['api-key', 'write-key'] : ['write-key'],
    bodyWriteKey: parsed.ok ? parsed.value.writeKey : null,
  });
  const { workspaceId } = caller;
  if (!parsed.ok) throw new HttpError(400, parsed.error);

  const gated =
    caller.via === 'write-key'
      ? await gateIngestedClaims(workspaceId, parsed.value.messages, {
          headerProof: request.headers.get(USER_HASH_HEADER),
          source: 'ingest',
          now: receivedAt,
        })
      : { messages: parsed.value.messages, refused: 0 };
  const admitted = await admission.run(() =>
    ingestMessages(getDb(), gated.messages, {
      workspaceId,
      headerCountry: headerCountry(request.headers),
      now: receivedAt,
    }),
  );
  if (!admitted) return retryLaterResponse(429, 'too many requests in flight; retry shortly', 1);
  return jsonResponse(200, {
    success: true,
    inserted: admitted.value.inserted,
    duplicates: admitted.value.duplicates,
    ...(gated.refused > 0 ? { unverifiedUserIds: gated.refused } : {}),
  });
}

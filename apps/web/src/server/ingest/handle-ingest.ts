import { getDb, ingestMessages } from '@nudgeflow/db';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, parseIngestBody, type IngestRoute } from '@nudgeflow/ingest';
import { randomUUID } from 'node:crypto';
import { Admission } from '../http/admission';
import { guardApi } from '../http/guard';
import { readJsonBody } from '../http/read-body';
import { errorResponse, jsonResponse, retryLaterResponse } from '../http/responses';
import { workspaceIdForWriteKey, writeKeyFromBasicAuth } from './write-keys';

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
export function handleIngestRequest(request: Request, route: IngestRoute): Promise<Response> {
  const receivedAt = new Date();
  return guardApi(`/v1/${route}`, async () => {
    const basicKey = writeKeyFromBasicAuth(request.headers.get('authorization'));
    if (basicKey === null) {
      return errorResponse(401, {
        field: 'authorization',
        message: 'must be Basic auth with the write key as the username',
      });
    }
    const body = await readJsonBody(request, route === 'batch' ? MAX_BATCH_BYTES : MAX_EVENT_BYTES);
    if (!body.ok) return errorResponse(body.status, body.error);
    const parsed = parseIngestBody(body.text, route, { receivedAt, generateMessageId: randomUUID });
    const writeKey = basicKey ?? (parsed.ok ? parsed.value.writeKey : null);
    if (!writeKey) {
      if (!parsed.ok && parsed.error.field === 'body') return errorResponse(400, parsed.error);
      return errorResponse(401, {
        field: 'writeKey',
        message: 'is missing: send it as the Basic auth username or as writeKey in the body',
      });
    }
    const workspaceId = await workspaceIdForWriteKey(writeKey);
    if (!workspaceId)
      return errorResponse(401, { field: 'writeKey', message: 'is not the write key of any workspace' });
    if (!parsed.ok) return errorResponse(400, parsed.error);

    const admitted = await admission.run(() =>
      ingestMessages(getDb(), parsed.value.messages, {
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
    });
  });
}

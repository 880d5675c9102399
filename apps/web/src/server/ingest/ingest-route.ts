import type { IngestRoute } from '@nudgeflow/ingest';
import { preflightResponse } from '../http/cors';
import { errorResponse } from '../http/responses';
import { handleIngestRequest } from './handle-ingest';

/** A JSON 405 naming the allowed methods; Next.js's own 405 for an unexported method has an empty body. */
export function methodNotAllowed(allowed: string) {
  return () =>
    errorResponse(
      405,
      { field: 'method', message: `is not allowed here: use ${allowed}` },
      { Allow: allowed },
    );
}

/**
 * The handlers of one /v1 ingestion route file. The short names Segment's analytics.js posts to (`/v1/t`,
 * `/v1/b`, …) export the same handlers as the long ones.
 */
export function ingestRoute(route: IngestRoute) {
  const wrongMethod = methodNotAllowed('POST, OPTIONS');
  return {
    POST: (request: Request) => handleIngestRequest(request, route),
    OPTIONS: () => preflightResponse(),
    GET: wrongMethod,
    PUT: wrongMethod,
    PATCH: wrongMethod,
    DELETE: wrongMethod,
  };
}

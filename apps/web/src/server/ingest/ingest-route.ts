import type { IngestRoute } from '@nudgeflow/ingest';
import { preflightResponse } from '../http/cors';
import { handleIngestRequest } from './handle-ingest';

/** The handlers of one /v1 ingestion route file. */
export function ingestRoute(route: IngestRoute) {
  return {
    POST: (request: Request) => handleIngestRequest(request, route),
    OPTIONS: () => preflightResponse(),
  };
}

import type { IngestRoute } from '@nudgeflow/ingest';
import { route } from '../http/route';
import { handleIngestRequest } from './handle-ingest';

/** The handlers of one /v1 ingestion route file. */
export function ingestRoute(name: IngestRoute) {
  return route(`/v1/${name}`, { POST: (request) => handleIngestRequest(request, name) }, { cors: true });
}

import { authenticate, flag, json, outcomeJson, readJson } from './_lib/http';
import { listWorkspaceJourneys, saveJourneyDocument } from './_lib/service';

export const dynamic = 'force-dynamic';

/** GET /api/v1/journeys: the workspace's journeys (archived ones left out). */
export async function GET(request: Request): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  return json(200, { journeys: await listWorkspaceJourneys(caller.db, caller.workspace.id) });
}

/** POST /api/v1/journeys[?publish=true]: create a journey from a nudgeflow.journey/v1 document. */
export async function POST(request: Request): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const outcome = await saveJourneyDocument(caller.db, caller.workspace.id, body.value, {
    publish: flag(request, 'publish'),
    actor: caller.actor,
  });
  return outcomeJson(outcome, 201);
}

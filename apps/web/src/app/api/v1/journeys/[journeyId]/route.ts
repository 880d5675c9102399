import { authenticate, errorJson, flag, json, outcomeJson, readJson } from '../_lib/http';
import { exportJourney, getJourney, saveJourneyDocument } from '../_lib/service';

export const dynamic = 'force-dynamic';

interface Params {
  params: Promise<{ journeyId: string }>;
}

/** GET /api/v1/journeys/:id: the journey and its draft as a document. */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  const { journeyId } = await params;
  const journey = await getJourney(caller.db, caller.workspace.id, journeyId);
  if (!journey) return errorJson(404, [{ message: 'No such journey in this workspace' }]);
  const document = await exportJourney(caller.db, caller.workspace.id, journeyId);
  return document.ok ? json(200, { journey, document: document.value }) : outcomeJson(document);
}

/** PUT /api/v1/journeys/:id[?publish=true]: replace the draft with a document. */
export async function PUT(request: Request, { params }: Params): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  const { journeyId } = await params;
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const outcome = await saveJourneyDocument(caller.db, caller.workspace.id, body.value, {
    journeyId,
    publish: flag(request, 'publish'),
    actor: caller.actor,
  });
  return outcomeJson(outcome);
}

import { authenticate, outcomeJson } from '~/app/api/v1/journeys/_lib/http';
import { publishDraft } from '~/app/api/v1/journeys/_lib/service';

export const dynamic = 'force-dynamic';

/** POST /api/v1/journeys/:id/publish: compile the draft into the next immutable version and make it live. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ journeyId: string }> },
): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  const { journeyId } = await params;
  return outcomeJson(await publishDraft(caller.db, caller.workspace.id, journeyId, { actor: caller.actor }));
}

import { authenticate, outcomeJson } from '~/app/api/v1/journeys/_lib/http';
import { changeJourneyStatus } from '~/app/api/v1/journeys/_lib/service';

export const dynamic = 'force-dynamic';

/** POST /api/v1/journeys/:id/archive */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ journeyId: string }> },
): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  const { journeyId } = await params;
  return outcomeJson(await changeJourneyStatus(caller.db, caller.workspace.id, journeyId, 'archive'));
}

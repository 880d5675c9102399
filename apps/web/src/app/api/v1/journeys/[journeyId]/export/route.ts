import { authenticate, errorJson, outcomeJson } from '~/app/api/v1/journeys/_lib/http';
import { exportJourney } from '~/app/api/v1/journeys/_lib/service';

export const dynamic = 'force-dynamic';

/** GET /api/v1/journeys/:id/export[?version=N]: the bare document (draft, or a published version's drawing). */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ journeyId: string }> },
): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  const { journeyId } = await params;
  const raw = new URL(request.url).searchParams.get('version');
  const version = raw === null ? undefined : Number(raw);
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) {
    return errorJson(400, [{ field: 'version', message: 'must be a positive whole number' }]);
  }
  return outcomeJson(
    await exportJourney(caller.db, caller.workspace.id, journeyId, version === undefined ? {} : { version }),
  );
}

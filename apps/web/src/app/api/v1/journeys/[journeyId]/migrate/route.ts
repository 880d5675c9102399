import { z } from 'zod';
import { getTemporalClient } from '~/server/temporal';
import { authenticate, outcomeJson, readBody } from '~/app/api/v1/journeys/_lib/http';
import { migrateWaitingRuns } from '~/app/api/v1/journeys/_lib/service';

export const dynamic = 'force-dynamic';

const MigrateBody = z.object({
  fromVersion: z.number().int().positive(),
  nodeMap: z.record(z.string().min(1).max(200), z.string().min(1).max(200)).optional(),
});

/**
 * POST /api/v1/journeys/:id/migrate `{ fromVersion, nodeMap? }`: moves the customers still running an older
 * version onto the live one. 409 naming every affected node when a node they wait on is gone unmapped.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ journeyId: string }> },
): Promise<Response> {
  const caller = await authenticate(request);
  if (caller instanceof Response) return caller;
  const body = await readBody(request, MigrateBody);
  if (!body.ok) return body.response;
  let client;
  try {
    client = await getTemporalClient();
  } catch {
    return new Response(JSON.stringify({ error: { message: 'Temporal is unavailable; try again' } }), {
      status: 503,
      headers: { 'Content-Type': 'application/json', 'Retry-After': '5' },
    });
  }
  const { journeyId } = await params;
  return outcomeJson(await migrateWaitingRuns(caller.db, client, caller.workspace.id, journeyId, body.value));
}

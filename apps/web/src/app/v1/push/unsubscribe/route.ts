import { getDb, removePushSubscriptionByEndpoint } from '@nudgeflow/db';
import { preflightResponse } from '~/server/http/cors';
import { jsonResponse } from '~/server/http/responses';
import { readSdkBody, requireWorkspace, sdkRoute } from '~/app/sdk/_server/sdk-request';
import { PushUnsubscribeBody } from '~/app/sdk/_server/sdk-schemas';

export const dynamic = 'force-dynamic';

/** POST /v1/push/unsubscribe: the browser gave up its subscription; only its holder knows the endpoint. */
export function POST(request: Request): Promise<Response> {
  return sdkRoute('push.unsubscribe', async () => {
    const body = await readSdkBody(request, PushUnsubscribeBody);
    const workspaceId = await requireWorkspace(body.writeKey);
    const removed = await removePushSubscriptionByEndpoint(getDb(), { workspaceId, endpoint: body.endpoint });
    return jsonResponse(200, { success: true, removed });
  });
}

export const OPTIONS = preflightResponse;

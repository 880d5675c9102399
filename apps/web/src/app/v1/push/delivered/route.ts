import { getDb, recordPushReceipt } from '@nudgeflow/db';
import { preflightResponse } from '~/server/http/cors';
import { errorResponse, jsonResponse } from '~/server/http/responses';
import { readSdkBody, requireWorkspace, sdkRoute } from '~/app/sdk/_server/sdk-request';
import { PushReceiptBody } from '~/app/sdk/_server/sdk-schemas';

export const dynamic = 'force-dynamic';

/** POST /v1/push/delivered: the service worker showed the notification (the push service cannot tell us). */
export function POST(request: Request): Promise<Response> {
  return sdkRoute('push.delivered', async () => {
    const body = await readSdkBody(request, PushReceiptBody);
    const workspaceId = await requireWorkspace(body.writeKey);
    const recorded = await recordPushReceipt(getDb(), {
      workspaceId,
      sendId: body.sendId,
      type: 'delivered',
    });
    if (!recorded)
      return errorResponse(404, { field: 'sendId', message: 'is not a push send of this workspace' });
    return jsonResponse(200, { success: true });
  });
}

export const OPTIONS = preflightResponse;

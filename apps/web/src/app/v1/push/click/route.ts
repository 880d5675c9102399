import { getDb, recordPushReceipt } from '@nudgeflow/db';
import { preflightResponse } from '~/server/http/cors';
import { errorResponse, jsonResponse } from '~/server/http/responses';
import { readSdkBody, requireWorkspace, sdkRoute } from '~/app/sdk/_server/sdk-request';
import { PushReceiptBody } from '~/app/sdk/_server/sdk-schemas';

export const dynamic = 'force-dynamic';

/** POST /v1/push/click from the service worker: { writeKey, sendId, action, url }. */
export function POST(request: Request): Promise<Response> {
  return sdkRoute('push.click', async () => {
    const body = await readSdkBody(request, PushReceiptBody);
    const workspaceId = await requireWorkspace(body.writeKey);
    const recorded = await recordPushReceipt(getDb(), {
      workspaceId,
      sendId: body.sendId,
      type: 'clicked',
      detail: { action: body.action ?? null, ...(body.url ? { url: body.url } : {}) },
    });
    if (!recorded)
      return errorResponse(404, { field: 'sendId', message: 'is not a push send of this workspace' });
    return jsonResponse(200, { success: true });
  });
}

export const OPTIONS = preflightResponse;

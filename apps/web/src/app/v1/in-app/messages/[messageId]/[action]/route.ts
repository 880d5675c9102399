import { customersForAnonymousIds, getDb, markInAppMessage } from '@nudgeflow/db';
import { z } from 'zod';
import { preflightResponse } from '~/server/http/cors';
import { errorResponse, jsonResponse } from '~/server/http/responses';
import { readSdkBody, requireWorkspace, SdkRequestError, sdkRoute } from '~/app/sdk/_server/sdk-request';
import { InAppReportBody } from '~/app/sdk/_server/sdk-schemas';

export const dynamic = 'force-dynamic';

const ACTIONS = { read: 'read', click: 'clicked', dismiss: 'dismissed' } as const;

/**
 * POST /v1/in-app/messages/:messageId/(read|click|dismiss) { writeKey, anonymousId, action?, url? }.
 * Only the visitor the message was for can mark it; anyone else gets the same 404 as for a missing id.
 */
export function POST(
  request: Request,
  context: { params: Promise<{ messageId: string; action: string }> },
): Promise<Response> {
  return sdkRoute('in-app.report', async () => {
    const params = await context.params;
    const action = ACTIONS[params.action as keyof typeof ACTIONS];
    if (!action) throw new SdkRequestError(404, 'action', 'must be read, click or dismiss');
    if (!z.uuid().safeParse(params.messageId).success) {
      throw new SdkRequestError(400, 'messageId', 'must be an in-app message id (uuid)');
    }
    const body = await readSdkBody(request, InAppReportBody);
    const workspaceId = await requireWorkspace(body.writeKey);
    const db = getDb();
    const customerId = (await customersForAnonymousIds(db, workspaceId, [body.anonymousId])).get(
      body.anonymousId,
    );
    const marked =
      customerId !== undefined &&
      (await markInAppMessage(db, { workspaceId, customerId, messageId: params.messageId, action }));
    if (!marked)
      return errorResponse(404, { field: 'messageId', message: 'is not a message of this visitor' });
    return jsonResponse(200, { success: true });
  });
}

export const OPTIONS = preflightResponse;

import { customersForAnonymousIds, getDb, listInAppFeed } from '@nudgeflow/db';
import { preflightResponse } from '~/server/http/cors';
import { jsonResponse } from '~/server/http/responses';
import { toInAppView } from '~/app/sdk/_server/in-app-view';
import { readSdkQuery, requireWorkspace, sdkRoute } from '~/app/sdk/_server/sdk-request';
import { VisitorQuery } from '~/app/sdk/_server/sdk-schemas';

export const dynamic = 'force-dynamic';

/**
 * GET /v1/in-app/messages?writeKey=…&anonymousId=…: the visitor's current messages (the SDK's polling
 * fallback). Addressed by anonymousId only: it is random and known to the visitor's browser alone.
 */
export function GET(request: Request): Promise<Response> {
  return sdkRoute('in-app.messages', async () => {
    const query = readSdkQuery(request, VisitorQuery);
    const workspaceId = await requireWorkspace(query.writeKey);
    const db = getDb();
    const customerId = (await customersForAnonymousIds(db, workspaceId, [query.anonymousId])).get(
      query.anonymousId,
    );
    const rows = customerId ? await listInAppFeed(db, { workspaceId, customerIds: [customerId] }) : [];
    return jsonResponse(200, { messages: rows.map(toInAppView) }, { 'Cache-Control': 'no-store' });
  });
}

export const OPTIONS = preflightResponse;

import { findWorkspaceById, getDb } from '@nudgeflow/db';
import { z } from 'zod';
import { preflightResponse } from '~/server/http/cors';
import { jsonResponse } from '~/server/http/responses';
import { readSdkQuery, requireWorkspace, sdkRoute } from '~/app/sdk/_server/sdk-request';
import { writeKeyField } from '~/app/sdk/_server/sdk-schemas';

export const dynamic = 'force-dynamic';

/** GET /v1/push/vapid-public-key?writeKey=…: the key browsers subscribe with. Only ever the public half. */
export function GET(request: Request): Promise<Response> {
  return sdkRoute('push.vapid-public-key', async () => {
    const { writeKey } = readSdkQuery(request, z.object({ writeKey: writeKeyField }));
    const workspace = await findWorkspaceById(getDb(), await requireWorkspace(writeKey));
    return jsonResponse(
      200,
      { publicKey: workspace?.vapidPublicKey ?? null },
      { 'Cache-Control': 'public, max-age=300' },
    );
  });
}

export const OPTIONS = preflightResponse;

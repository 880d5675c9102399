import { sdkAssetResponse } from '../_server/sdk-assets';

export const dynamic = 'force-dynamic';

/**
 * GET /sdk/nudgeflow.js (script tag), /sdk/nudgeflow.esm.js, /sdk/sw.js (service worker) and their maps.
 * The worker may be registered for any scope of this origin (Service-Worker-Allowed), so the demo shop can
 * scope it to /shop/ while the file lives under /sdk/.
 */
export async function GET(
  _request: Request,
  context: { params: Promise<{ file: string }> },
): Promise<Response> {
  const { file } = await context.params;
  return sdkAssetResponse(file, file === 'sw.js' ? { 'Service-Worker-Allowed': '/' } : {});
}

import { preflightResponse } from '~/server/http/cors';
import { methodNotAllowed } from '~/server/ingest/ingest-route';
import { handleSegmentSettings } from '~/server/ingest/segment-settings';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ writeKey: string }> }) {
  return handleSegmentSettings((await context.params).writeKey);
}

export const OPTIONS = () => preflightResponse();
export const POST = methodNotAllowed('GET, OPTIONS');
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;

import { createSegmentRoute, listSegmentsRoute } from '../../../../server/segments/segments-http';

export const dynamic = 'force-dynamic';

/** GET: the workspace's segments. POST: create one from `{ name, description?, definition }`. */
export const GET = listSegmentsRoute;
export const POST = createSegmentRoute;

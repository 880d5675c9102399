import { getSegmentRoute, updateSegmentRoute } from '../../../../../server/segments/segments-http';

export const dynamic = 'force-dynamic';

/** GET: one segment. PATCH: change its name, description or definition (memberships are recomputed). */
export const GET = getSegmentRoute;
export const PATCH = updateSegmentRoute;

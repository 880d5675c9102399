import { archiveSegmentRoute } from '../../../../../../server/segments/segments-http';

export const dynamic = 'force-dynamic';

/** POST: archive the segment (refused while another segment references it). */
export const POST = archiveSegmentRoute;

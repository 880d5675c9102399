import { route } from '~/server/http/route';
import { getSegmentHandler, updateSegmentHandler } from '~/server/segments/segments-http';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ segmentId: string }>(
  '/api/v1/segments/:segmentId',
  { GET: getSegmentHandler, PATCH: updateSegmentHandler },
);

import { route } from '~/server/http/route';
import { createSegmentHandler, listSegmentsHandler } from '~/server/segments/segments-http';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route('/api/v1/segments', {
  GET: listSegmentsHandler,
  POST: createSegmentHandler,
});

import { route } from '../../../../../server/http/route';
import { handleSegmentSettings } from '../../../../../server/ingest/segment-settings';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ writeKey: string }>(
  '/v1/projects/:writeKey/settings',
  { GET: handleSegmentSettings },
  { cors: true },
);

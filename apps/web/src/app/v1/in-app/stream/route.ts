import { route } from '../../../../server/http/route';
import { handleInAppStream } from '../../../../server/sdk/in-app';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route(
  '/v1/in-app/stream',
  { GET: handleInAppStream },
  { cors: true },
);

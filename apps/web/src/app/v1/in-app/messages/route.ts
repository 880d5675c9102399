import { route } from '../../../../server/http/route';
import { handleInAppMessages } from '../../../../server/sdk/in-app';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route(
  '/v1/in-app/messages',
  { GET: handleInAppMessages },
  { cors: true },
);

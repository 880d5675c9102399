import { route } from '../../../../server/http/route';
import { handlePushClick } from '../../../../server/sdk/push';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route(
  '/v1/push/click',
  { POST: handlePushClick },
  { cors: true },
);

import { route } from '../../../../server/http/route';
import { handleVapidPublicKey } from '../../../../server/sdk/push';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route(
  '/v1/push/vapid-public-key',
  { GET: handleVapidPublicKey },
  { cors: true },
);

import { route } from '../../../../server/http/route';
import { handlePushDelivered } from '../../../../server/sdk/push';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route(
  '/v1/push/delivered',
  { POST: handlePushDelivered },
  { cors: true },
);

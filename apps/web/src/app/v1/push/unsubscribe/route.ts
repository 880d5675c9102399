import { route } from '../../../../server/http/route';
import { handlePushUnsubscribe } from '../../../../server/sdk/push';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route(
  '/v1/push/unsubscribe',
  { POST: handlePushUnsubscribe },
  { cors: true },
);

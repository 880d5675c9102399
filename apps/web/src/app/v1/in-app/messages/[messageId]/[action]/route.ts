import { route } from '../../../../../../server/http/route';
import { handleInAppReport } from '../../../../../../server/sdk/in-app';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ messageId: string; action: string }>(
  '/v1/in-app/messages/:messageId/:action',
  { POST: handleInAppReport },
  { cors: true },
);

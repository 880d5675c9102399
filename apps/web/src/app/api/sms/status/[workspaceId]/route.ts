import { route } from '../../../../../server/http/route';
import { handleSmsStatusWebhook } from '../../../../../server/sms/webhooks';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ workspaceId: string }>(
  '/api/sms/status/:workspaceId',
  {
    POST: handleSmsStatusWebhook,
  },
);

import { route } from '../../../../server/http/route';
import { handleOneClickUnsubscribe, showPreferencesPage } from '../../../../server/links/message-links';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ token: string }>(
  '/api/unsubscribe/:token',
  {
    GET: showPreferencesPage,
    POST: handleOneClickUnsubscribe,
  },
);

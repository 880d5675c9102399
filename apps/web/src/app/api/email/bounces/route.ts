import { handleBounceMessage } from '../../../../server/email/bounces';
import { route } from '../../../../server/http/route';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route('/api/email/bounces', {
  POST: handleBounceMessage,
});

import { route } from '../../../../server/http/route';
import { handleClick } from '../../../../server/links/message-links';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ token: string }>('/t/c/:token', {
  GET: handleClick,
});

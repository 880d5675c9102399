import { getAuth } from '../../../../server/auth';
import { route } from '../../../../server/http/route';

export const dynamic = 'force-dynamic';

/** better-auth's own endpoints (sign-in, sign-up, session): it authenticates and answers them itself. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ all: string[] }>('/api/auth/:all', {
  GET: (request) => getAuth().handler(request),
  POST: (request) => getAuth().handler(request),
});

import { handleHealth } from '../../../server/health';
import { route } from '../../../server/http/route';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route('/api/health', { GET: handleHealth });

import { route } from '../../../../../server/http/route';
import { handleExportCustomer } from '../../../../../server/privacy/handle-privacy';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ userId: string }>(
  '/v1/customers/:userId/export',
  { GET: (request, { userId }) => handleExportCustomer(request, userId) },
  { cors: true },
);

import { route } from '../../../../server/http/route';
import { handleDeleteCustomer } from '../../../../server/privacy/handle-privacy';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ userId: string }>(
  '/v1/customers/:userId',
  { DELETE: (request, { userId }) => handleDeleteCustomer(request, userId) },
  { cors: true },
);

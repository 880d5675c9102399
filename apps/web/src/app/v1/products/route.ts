import { handleUpsertProducts } from '../../../server/catalog/handle-products';
import { route } from '../../../server/http/route';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route(
  '/v1/products',
  { POST: handleUpsertProducts },
  { cors: true },
);

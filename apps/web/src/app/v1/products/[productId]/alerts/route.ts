import { handleCreateStockAlert } from '../../../../../server/catalog/handle-products';
import { route } from '../../../../../server/http/route';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ productId: string }>(
  '/v1/products/:productId/alerts',
  { POST: (request, { productId }) => handleCreateStockAlert(request, productId) },
  { cors: true },
);

import { handleUpsertProducts } from '~/server/catalog/handle-products';
import { preflightResponse } from '~/server/http/cors';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return handleUpsertProducts(request);
}

export function OPTIONS() {
  return preflightResponse();
}

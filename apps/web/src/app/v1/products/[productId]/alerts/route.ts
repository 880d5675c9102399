import { handleCreateStockAlert } from '~/server/catalog/handle-products';
import { preflightResponse } from '~/server/http/cors';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, context: { params: Promise<{ productId: string }> }) {
  const { productId } = await context.params;
  return handleCreateStockAlert(request, productId);
}

export function OPTIONS() {
  return preflightResponse();
}

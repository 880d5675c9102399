import { preflightResponse } from '~/server/http/cors';
import { handleDeleteCustomer } from '~/server/privacy/handle-privacy';

export const dynamic = 'force-dynamic';

export async function DELETE(request: Request, context: { params: Promise<{ userId: string }> }) {
  const { userId } = await context.params;
  return handleDeleteCustomer(request, userId);
}

export function OPTIONS() {
  return preflightResponse();
}

import { preflightResponse } from '~/server/http/cors';
import { handleExportCustomer } from '~/server/privacy/handle-privacy';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ userId: string }> }) {
  const { userId } = await context.params;
  return handleExportCustomer(request, userId);
}

export function OPTIONS() {
  return preflightResponse();
}

import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createLogger } from '@nudgeflow/config';
import { appRouter } from '~/server/api/root';
import { createTRPCContext } from '~/server/api/trpc';

export const dynamic = 'force-dynamic';

const log = createLogger('web:trpc');

function handler(request: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: request.headers }),
    onError({ path, error }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error, path }, 'tRPC procedure failed');
    },
  });
}

export { handler as GET, handler as POST };

import { createLogger } from '@nudgeflow/config';
import { PUBLIC_API_CORS_HEADERS } from './cors';
import { isDataException, isRetryableDatabaseError } from './database-errors';
import { isPublicRouteName, limitAddress } from './public-rate-limits';
import { errorResponse, HttpError, retryLaterResponse } from './responses';

const log = createLogger('web:api');

/** Every method Next.js routes to a route module. A module exports a handler for each, so none answers empty. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
type HandledMethod = Exclude<HttpMethod, 'HEAD' | 'OPTIONS'>;

/** What a route's own code sees: the request and the (already awaited) path parameters. */
export type RouteHandler<P> = (request: Request, params: P) => Promise<Response> | Response;

/** What Next.js calls (tests may leave out the context of a route without params). */
export type NextRouteHandler<P> = (request: Request, context?: { params: Promise<P> }) => Promise<Response>;

export interface RouteOptions {
  /** Called from other origins (shop pages, the SDK): answers CORS preflights. */
  cors?: boolean;
  /**
   * Rate limited per client address and per workspace (public-rate-limits.ts): 429 + Retry-After past the
   * limit. On by default for the public routes (`/v1/*`, `/sdk/*`, `/api/v1/*`), off for the rest.
   */
  rateLimit?: boolean;
}

const WRAPPED = new WeakSet<object>();

/** True for a handler made by `route` (the route-module test checks that every export is one). */
export function isWrappedHandler(value: unknown): boolean {
  return typeof value === 'function' && WRAPPED.has(value);
}

function wrapped<P>(handler: NextRouteHandler<P>): NextRouteHandler<P> {
  WRAPPED.add(handler);
  return handler;
}

/**
 * Turns failures into the answers clients act on: the HttpError's own status and `{ error }`, 503 +
 * Retry-After when the database is unavailable, 400 when Postgres refused a value, 500 (logged) otherwise.
 */
export function failureResponse(name: string, error: unknown): Response {
  if (error instanceof HttpError) return errorResponse(error.status, error.errors, error.headers);
  if (isRetryableDatabaseError(error)) {
    log.warn({ err: error, route: name }, 'database unavailable, asking the client to retry');
    return retryLaterResponse(503, 'the database is temporarily unavailable; retry later', 5);
  }
  if (isDataException(error)) {
    log.info({ err: error, route: name }, 'Postgres refused a value');
    return errorResponse(400, { field: 'body', message: `could not be stored: ${(error as Error).message}` });
  }
  log.error({ err: error, route: name }, 'unexpected failure');
  return errorResponse(500, { field: 'server', message: 'internal error' });
}

/**
 * The one route wrapper: `export const { GET, POST, … } = route('/v1/thing', { POST: handler })`. Each
 * handler gets its params awaited and its failures answered in the one error shape; every method the
 * route does not handle answers 405 with an `Allow` header and a JSON error (Next.js would answer an
 * empty 405); HEAD runs GET without the body; OPTIONS answers the CORS preflight when `cors` is set.
 */
export function route<P = Record<string, never>>(
  name: string,
  handlers: Partial<Record<HandledMethod, RouteHandler<P>>>,
  options: RouteOptions = {},
): Record<HttpMethod, NextRouteHandler<P>> {
  const allowed = [
    ...(Object.keys(handlers) as HandledMethod[]),
    ...(handlers.GET ? ['HEAD'] : []),
    'OPTIONS',
  ].join(', ');
  const notAllowed = () =>
    errorResponse(
      405,
      { field: 'method', message: `is not allowed here: use ${allowed}` },
      { Allow: allowed },
    );
  const rateLimited = options.rateLimit ?? isPublicRouteName(name);
  const invoke = async (method: HandledMethod, request: Request, context?: { params: Promise<P> }) => {
    const handler = handlers[method];
    if (!handler) return notAllowed();
    try {
      if (rateLimited) limitAddress(request);
      return await handler(request, (await context?.params) ?? ({} as P));
    } catch (error) {
      return failureResponse(name, error);
    }
  };
  const run = (method: HandledMethod) => wrapped<P>((request, context) => invoke(method, request, context));
  return {
    GET: run('GET'),
    POST: run('POST'),
    PUT: run('PUT'),
    PATCH: run('PATCH'),
    DELETE: run('DELETE'),
    HEAD: wrapped<P>(async (request, context) => {
      if (!handlers.GET) return notAllowed();
      const response = await invoke('GET', request, context);
      return new Response(null, { status: response.status, headers: response.headers });
    }),
    OPTIONS: wrapped<P>(async () =>
      options.cors
        ? new Response(null, { status: 204, headers: { ...PUBLIC_API_CORS_HEADERS, Allow: allowed } })
        : new Response(null, { status: 204, headers: { Allow: allowed } }),
    ),
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server in front of App Router route handlers, for tests and benchmarks that need real
 * clients (e.g. @segment/analytics-node) without a `next build`. Requests and responses go through the same
 * Web `Request`/`Response` objects Next.js passes to the handlers.
 */
// `never` so that handlers typed with their own params ({ productId: string } …) fit; the server passes the
// params it matched from the pattern.
export type RouteHandler = (
  request: Request,
  context: { params: Promise<never> },
) => Response | Promise<Response>;
export interface RouteModule {
  GET?: RouteHandler;
  POST?: RouteHandler;
  PUT?: RouteHandler;
  PATCH?: RouteHandler;
  DELETE?: RouteHandler;
  OPTIONS?: RouteHandler;
}

/** Route patterns like `/v1/customers/:userId/export` mapped to route modules. */
export type RouteTable = Record<string, RouteModule>;

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part.startsWith(':')) {
      // Next.js hands route handlers decoded params (and answers 400 itself when a param does not decode).
      try {
        params[part.slice(1)] = decodeURIComponent(got[i]!);
      } catch {
        return null;
      }
    } else if (part !== got[i]) return null;
  }
  return params;
}

/**
 * The request body as a web stream. Unlike Readable.toWeb, cancelling it (a handler stopping at its size
 * limit) drains and discards the rest instead of destroying the socket, as a production HTTP server would.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        if (!cancelled) controller.close();
      });
      req.on('error', (error) => {
        if (!cancelled) controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.resume();
    },
  });
}

async function dispatch(
  routes: RouteTable,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', origin);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const request = new Request(url, {
    method,
    headers,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
  let response: Response = new Response('not found', { status: 404 });
  for (const [pattern, module] of Object.entries(routes)) {
    const params = match(pattern, url.pathname);
    if (!params) continue;
    const handler = module[method as keyof RouteModule];
    response = handler
      ? await handler(request, { params: Promise.resolve(params) as Promise<never> })
      : new Response('method not allowed', { status: 405 });
    break;
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!req.readableEnded) {
    // A handler refused a body without reading all of it (size limit). Node closes such a connection after
    // the response; saying so keeps clients from reusing it for their next request.
    res.setHeader('Connection', 'close');
    req.resume();
  }
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startRouteServer(
  routes: RouteTable,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    dispatch(routes, req, res, origin).catch(() => {
      // A handler that throws is exactly what the tests look for: answer 599 so it cannot pass for a real 5xx.
      res.statusCode = 599;
      res.end('handler threw');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

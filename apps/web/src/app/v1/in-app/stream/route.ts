import { PUBLIC_API_CORS_HEADERS, preflightResponse } from '~/server/http/cors';
import { inAppHub } from '~/app/sdk/_server/in-app-hub';
import { readSdkQuery, requireWorkspace, sdkRoute } from '~/app/sdk/_server/sdk-request';
import { VisitorQuery } from '~/app/sdk/_server/sdk-schemas';

export const dynamic = 'force-dynamic';

/** Streams end after a while; EventSource reconnects by itself, which also rebalances across web nodes. */
const STREAM_LIFETIME_MS = 5 * 60_000;
const HEARTBEAT_MS = 25_000;

/**
 * GET /v1/in-app/stream?writeKey=…&anonymousId=…: server-sent events, one `message` event per in-app
 * message (current ones first, then new ones as they are stored). The SDK falls back to polling
 * /v1/in-app/messages when the stream fails.
 */
export function GET(request: Request): Promise<Response> {
  return sdkRoute('in-app.stream', async () => {
    const query = readSdkQuery(request, VisitorQuery);
    const workspaceId = await requireWorkspace(query.writeKey);
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const write = (chunk: string) => {
          try {
            controller.enqueue(encoder.encode(chunk));
          } catch {
            cleanup();
          }
        };
        // Tell EventSource how long to wait before reconnecting after the stream ends.
        write('retry: 3000\n\n');
        const detach = inAppHub.add({
          workspaceId,
          anonymousId: query.anonymousId,
          sent: new Set(),
          send: (message) => write(`id: ${message.id}\ndata: ${JSON.stringify(message)}\n\n`),
        });
        const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
        const lifetime = setTimeout(() => cleanup(), STREAM_LIFETIME_MS);
        cleanup = () => {
          detach();
          clearInterval(heartbeat);
          clearTimeout(lifetime);
          try {
            controller.close();
          } catch {
            // Already closed by the client going away.
          }
        };
        request.signal.addEventListener('abort', () => cleanup());
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        ...PUBLIC_API_CORS_HEADERS,
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store, no-transform',
        Connection: 'keep-alive',
        // Stops nginx-style proxies from buffering the stream.
        'X-Accel-Buffering': 'no',
      },
    });
  });
}

export const OPTIONS = preflightResponse;

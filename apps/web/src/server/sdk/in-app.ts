import {
  findIdentityVerification,
  getDb,
  listInAppFeed,
  markInAppMessage,
  visitorCustomers,
} from '@nudgeflow/db';
import { z } from 'zod';
import { PUBLIC_API_CORS_HEADERS } from '../http/cors';
import { readJson, readQuery } from '../http/read-body';
import { HttpError, jsonResponse } from '../http/responses';
import { provenUserId, refuseUnprovenVisitor, type VisitorClaim } from '../security/identity-gate';
import { inAppHub } from './in-app-hub';
import { toInAppView } from './in-app-view';
import { MAX_SDK_BODY_BYTES, sdkWorkspace } from './sdk-request';
import { InAppReportBody, VisitorQuery } from './sdk-schemas';

interface Visitor {
  customerId: string | undefined;
  /** The userId the browser proved, or null when it is anonymous (or verification is off). */
  userId: string | null;
  requireProof: boolean;
}

/**
 * Whose in-app messages this browser may see. With identity verification on, an identified customer's
 * messages need the proof of their userId (userId + userHash); an anonymous id alone only reaches an
 * anonymous visitor. With it off, the anonymous id decides, as before (a userId alone proves nothing).
 */
async function resolveVisitor(workspaceId: string, claim: VisitorClaim, source: string): Promise<Visitor> {
  const policy = await findIdentityVerification(getDb(), workspaceId);
  const userId = policy.required ? await provenUserId(workspaceId, claim, source, policy) : null;
  const key = userId ? `u:${userId}` : `a:${claim.anonymousId}`;
  const found = (
    await visitorCustomers(
      getDb(),
      workspaceId,
      userId ? { userIds: [userId] } : { anonymousIds: [claim.anonymousId] },
    )
  ).get(key);
  if (!userId && policy.required && found?.userId)
    await refuseUnprovenVisitor(
      workspaceId,
      { anonymousId: claim.anonymousId, identifiedAs: found.userId },
      source,
    );
  return { customerId: found?.customerId, userId, requireProof: policy.required };
}

/**
 * GET /v1/in-app/messages?writeKey=…&anonymousId=…: the visitor's current messages (the SDK's polling
 * fallback). Addressed by anonymousId only: it is random and known to the visitor's browser alone.
 */
export async function handleInAppMessages(request: Request): Promise<Response> {
  const query = readQuery(request, VisitorQuery);
  const workspaceId = await sdkWorkspace(request, query.writeKey);
  const { customerId } = await resolveVisitor(workspaceId, query, 'in-app:feed');
  const rows = customerId ? await listInAppFeed(getDb(), { workspaceId, customerIds: [customerId] }) : [];
  return jsonResponse(200, { messages: rows.map(toInAppView) }, { 'Cache-Control': 'no-store' });
}

const ACTIONS = { read: 'read', click: 'clicked', dismiss: 'dismissed' } as const;

/**
 * POST /v1/in-app/messages/:messageId/(read|click|dismiss) { writeKey, anonymousId, action?, url? }.
 * Only the visitor the message was for can mark it; anyone else gets the same 404 as for a missing id.
 */
export async function handleInAppReport(
  request: Request,
  params: { messageId: string; action: string },
): Promise<Response> {
  const action = ACTIONS[params.action as keyof typeof ACTIONS];
  if (!action) throw new HttpError(404, { field: 'action', message: 'must be read, click or dismiss' });
  if (!z.uuid().safeParse(params.messageId).success)
    throw new HttpError(400, { field: 'messageId', message: 'must be an in-app message id (uuid)' });
  const body = await readJson(request, { limit: MAX_SDK_BODY_BYTES, schema: InAppReportBody });
  const workspaceId = await sdkWorkspace(request, body.writeKey);
  const { customerId } = await resolveVisitor(workspaceId, body, `in-app:${params.action}`);
  const marked =
    customerId !== undefined &&
    (await markInAppMessage(getDb(), { workspaceId, customerId, messageId: params.messageId, action }));
  if (!marked) throw new HttpError(404, { field: 'messageId', message: 'is not a message of this visitor' });
  return jsonResponse(200, { success: true });
}

/** Streams end after a while; EventSource reconnects by itself, which also rebalances across web nodes. */
const STREAM_LIFETIME_MS = 5 * 60_000;
const HEARTBEAT_MS = 25_000;

/**
 * GET /v1/in-app/stream?writeKey=…&anonymousId=…: server-sent events, one `message` event per in-app
 * message (current ones first, then new ones as they are stored). The SDK falls back to polling
 * /v1/in-app/messages when the stream fails.
 */
export async function handleInAppStream(request: Request): Promise<Response> {
  const query = readQuery(request, VisitorQuery);
  const workspaceId = await sdkWorkspace(request, query.writeKey);
  const visitor = await resolveVisitor(workspaceId, query, 'in-app:stream');
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
        userId: visitor.userId,
        requireProof: visitor.requireProof,
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
}

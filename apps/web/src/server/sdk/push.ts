import {
  findCustomerByIdentity,
  findWorkspaceById,
  getDb,
  ingestMessages,
  recordPushReceipt,
  removePushSubscriptionByEndpoint,
  savePushSubscription,
} from '@nudgeflow/db';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { readJson, readQuery } from '../http/read-body';
import { HttpError, jsonResponse } from '../http/responses';
import { gateIngestedClaims } from '../security/identity-gate';
import { MAX_SDK_BODY_BYTES, sdkWorkspace } from './sdk-request';
import { PushReceiptBody, PushSubscribeBody, PushUnsubscribeBody, writeKeyField } from './sdk-schemas';

const notAPushSend = () =>
  new HttpError(404, { field: 'sendId', message: 'is not a push send of this workspace' });

/** POST /v1/push/click from the service worker: { writeKey, sendId, action, url }. */
export async function handlePushClick(request: Request): Promise<Response> {
  const body = await readJson(request, { limit: MAX_SDK_BODY_BYTES, schema: PushReceiptBody });
  const workspaceId = await sdkWorkspace(request, body.writeKey);
  const recorded = await recordPushReceipt(getDb(), {
    workspaceId,
    sendId: body.sendId,
    type: 'clicked',
    detail: { action: body.action ?? null, ...(body.url ? { url: body.url } : {}) },
  });
  if (!recorded) throw notAPushSend();
  return jsonResponse(200, { success: true });
}

/** POST /v1/push/delivered: the service worker showed the notification (the push service cannot tell us). */
export async function handlePushDelivered(request: Request): Promise<Response> {
  const body = await readJson(request, { limit: MAX_SDK_BODY_BYTES, schema: PushReceiptBody });
  const workspaceId = await sdkWorkspace(request, body.writeKey);
  const recorded = await recordPushReceipt(getDb(), { workspaceId, sendId: body.sendId, type: 'delivered' });
  if (!recorded) throw notAPushSend();
  return jsonResponse(200, { success: true });
}

/**
 * POST /v1/push/subscribe: stores the browser's push subscription on the visitor's profile.
 *
 * The visitor is resolved by ingesting a `Push Subscribed` track event through the normal event pipeline,
 * which creates or merges the customer by Segment's identity rules (and lets a journey start on it). Its
 * messageId is derived from the endpoint, so the SDK's daily re-sync does not repeat the event.
 */
export async function handlePushSubscribe(request: Request): Promise<Response> {
  const body = await readJson(request, { limit: MAX_SDK_BODY_BYTES, schema: PushSubscribeBody });
  const workspaceId = await sdkWorkspace(request, body.writeKey);
  const db = getDb();
  const endpointHash = createHash('sha256').update(body.subscription.endpoint).digest('hex').slice(0, 32);
  const now = new Date();
  // A userId the browser cannot prove (identity verification) is dropped: the subscription stays the
  // anonymous visitor's, so nobody can route another shopper's notifications to their own browser.
  const { messages } = await gateIngestedClaims(
    workspaceId,
    [
      {
        type: 'track',
        messageId: `push-subscribed-${endpointHash}-${body.userId ?? body.anonymousId}`,
        userId: body.userId ?? null,
        anonymousId: body.anonymousId,
        previousId: null,
        name: 'Push Subscribed',
        properties: { pushService: new URL(body.subscription.endpoint).host },
        traits: {},
        context: { userAgent: body.userAgent ?? request.headers.get('user-agent') ?? undefined },
        timestamp: now,
        ...(body.userHash ? { userProof: body.userHash } : {}),
      },
    ],
    { headerProof: null, source: 'push', now },
  );
  await ingestMessages(db, messages, { workspaceId, now });
  const userId = messages[0]?.userId;
  const customer = await findCustomerByIdentity(
    db,
    workspaceId,
    userId ? { userId } : { anonymousId: body.anonymousId },
  );
  if (!customer) throw new Error('push subscribe: the ingested visitor has no customer');
  const saved = await savePushSubscription(db, {
    workspaceId,
    customerId: customer.id,
    endpoint: body.subscription.endpoint,
    p256dh: body.subscription.keys.p256dh,
    auth: body.subscription.keys.auth,
    userAgent: (body.userAgent ?? request.headers.get('user-agent'))?.slice(0, 500) ?? null,
  });
  return jsonResponse(saved.isNew ? 201 : 200, { success: true, subscriptionId: saved.id });
}

/** POST /v1/push/unsubscribe: the browser gave up its subscription; only its holder knows the endpoint. */
export async function handlePushUnsubscribe(request: Request): Promise<Response> {
  const body = await readJson(request, { limit: MAX_SDK_BODY_BYTES, schema: PushUnsubscribeBody });
  const workspaceId = await sdkWorkspace(request, body.writeKey);
  const removed = await removePushSubscriptionByEndpoint(getDb(), { workspaceId, endpoint: body.endpoint });
  return jsonResponse(200, { success: true, removed });
}

/** GET /v1/push/vapid-public-key?writeKey=…: the key browsers subscribe with. Only ever the public half. */
export async function handleVapidPublicKey(request: Request): Promise<Response> {
  const { writeKey } = readQuery(request, z.object({ writeKey: writeKeyField }));
  const workspace = await findWorkspaceById(getDb(), await sdkWorkspace(request, writeKey));
  return jsonResponse(
    200,
    { publicKey: workspace?.vapidPublicKey ?? null },
    { 'Cache-Control': 'public, max-age=300' },
  );
}

import { findCustomerByIdentity, getDb, ingestMessages, savePushSubscription } from '@nudgeflow/db';
import { createHash } from 'node:crypto';
import { preflightResponse } from '~/server/http/cors';
import { jsonResponse } from '~/server/http/responses';
import { readSdkBody, requireWorkspace, sdkRoute } from '~/app/sdk/_server/sdk-request';
import { PushSubscribeBody } from '~/app/sdk/_server/sdk-schemas';

export const dynamic = 'force-dynamic';

/**
 * POST /v1/push/subscribe: stores the browser's push subscription on the visitor's profile.
 *
 * The visitor is resolved by ingesting a `Push Subscribed` track event through the normal event pipeline,
 * which creates or merges the customer by Segment's identity rules (and lets a journey start on it). Its
 * messageId is derived from the endpoint, so the SDK's daily re-sync does not repeat the event.
 */
export function POST(request: Request): Promise<Response> {
  return sdkRoute('push.subscribe', async () => {
    const body = await readSdkBody(request, PushSubscribeBody);
    const workspaceId = await requireWorkspace(body.writeKey);
    const db = getDb();
    const endpointHash = createHash('sha256').update(body.subscription.endpoint).digest('hex').slice(0, 32);
    const now = new Date();
    await ingestMessages(
      db,
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
        },
      ],
      { workspaceId, now },
    );
    const customer = await findCustomerByIdentity(
      db,
      workspaceId,
      body.userId ? { userId: body.userId } : { anonymousId: body.anonymousId },
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
  });
}

export const OPTIONS = preflightResponse;

import {
  createStockAlert,
  findCustomerByIdentity,
  findStorefrontProduct,
  getDb,
  ingestMessages,
  upsertProducts,
} from '@nudgeflow/db';
import { parseIngestBody, parseProductBatch } from '@nudgeflow/ingest';
import { randomUUID } from 'node:crypto';
import { guardApi, parseJson } from '../http/guard';
import { readJsonBody } from '../http/read-body';
import { errorResponse, jsonResponse, pathIdError } from '../http/responses';
import { authenticateSecretOrWriteKey } from '../http/workspace-auth';

const MAX_CATALOG_BYTES = 2 * 1024 * 1024;
export const STOCK_ALERT_REQUESTED_EVENT = 'Back In Stock Alert Requested';

async function readObject(request: Request, limit: number) {
  const body = await readJsonBody(request, limit);
  if (!body.ok) return { ok: false, response: errorResponse(body.status, body.error) } as const;
  const json = parseJson(body.text);
  if (!json.ok)
    return { ok: false, response: errorResponse(400, { field: 'body', message: json.message }) } as const;
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return {
      ok: false,
      response: errorResponse(400, { field: 'body', message: 'must be a JSON object' }),
    } as const;
  }
  return { ok: true, value: json.value as Record<string, unknown> } as const;
}

/** POST /v1/products: upsert up to 1,000 products; stock and price changes emit Back In Stock / Price Dropped. */
export function handleUpsertProducts(request: Request): Promise<Response> {
  return guardApi('/v1/products', async () => {
    const body = await readObject(request, MAX_CATALOG_BYTES);
    if (!body.ok) return body.response;
    const auth = await authenticateSecretOrWriteKey(request, body.value.writeKey);
    if (!auth.ok) return errorResponse(auth.status, auth.error);
    const products = parseProductBatch(body.value);
    if (!products.ok) return errorResponse(400, products.error);
    const result = await upsertProducts(getDb(), auth.caller.workspaceId, products.value);
    return jsonResponse(200, { success: true, ...result });
  });
}

/**
 * POST /v1/products/:productId/alerts `{ userId | anonymousId }`: the shopper asks to be told when the
 * product is back. The request is also recorded as a track event, which creates the profile if this is the
 * shopper's first contact.
 */
export function handleCreateStockAlert(request: Request, productId: string): Promise<Response> {
  return guardApi('/v1/products/:productId/alerts', async () => {
    const receivedAt = new Date();
    const body = await readObject(request, 32 * 1024);
    if (!body.ok) return body.response;
    const auth = await authenticateSecretOrWriteKey(request, body.value.writeKey);
    if (!auth.ok) return errorResponse(auth.status, auth.error);
    const badId = pathIdError(productId, 'productId');
    if (badId) return errorResponse(400, badId);
    const message = {
      ...body.value,
      event: STOCK_ALERT_REQUESTED_EVENT,
      properties: { product_id: productId },
    };
    const parsed = parseIngestBody(JSON.stringify(message), 'track', {
      receivedAt,
      generateMessageId: randomUUID,
    });
    if (!parsed.ok) return errorResponse(400, parsed.error);
    const db = getDb();
    const workspaceId = auth.caller.workspaceId;
    const product = await findStorefrontProduct(db, workspaceId, productId);
    if (!product)
      return errorResponse(404, {
        field: 'productId',
        message: `no product ${productId} in this workspace's catalog`,
      });
    await ingestMessages(db, parsed.value.messages, { workspaceId, now: receivedAt });
    const [track] = parsed.value.messages;
    const owner = await findCustomerByIdentity(db, workspaceId, {
      userId: track?.userId || undefined,
      anonymousId: track?.anonymousId ?? '',
    });
    if (!owner)
      return errorResponse(400, { field: 'userId', message: 'could not be resolved to a customer' });
    const created = await createStockAlert(db, { workspaceId, productId, customerId: owner.id }, receivedAt);
    if (created === 'product-not-found')
      return errorResponse(404, {
        field: 'productId',
        message: `no product ${productId} in this workspace's catalog`,
      });
    return jsonResponse(200, { success: true, customerId: owner.id, productId });
  });
}

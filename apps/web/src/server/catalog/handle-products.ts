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
import { authenticate } from '../http/authenticate';
import { readJsonObject } from '../http/read-body';
import { HttpError, jsonResponse, requirePathId } from '../http/responses';

const MAX_CATALOG_BYTES = 2 * 1024 * 1024;
export const STOCK_ALERT_REQUESTED_EVENT = 'Back In Stock Alert Requested';

/** POST /v1/products: upsert up to 1,000 products; stock and price changes emit Back In Stock / Price Dropped. */
export async function handleUpsertProducts(request: Request): Promise<Response> {
  const body = await readJsonObject(request, MAX_CATALOG_BYTES);
  const caller = await authenticate(request, {
    accept: ['api-key', 'write-key'],
    bodyWriteKey: body.writeKey,
  });
  const products = parseProductBatch(body);
  if (!products.ok) throw new HttpError(400, products.error);
  const result = await upsertProducts(getDb(), caller.workspaceId, products.value);
  return jsonResponse(200, { success: true, ...result });
}

/**
 * POST /v1/products/:productId/alerts `{ userId | anonymousId }`: the shopper asks to be told when the
 * product is back. The request is also recorded as a track event, which creates the profile if this is the
 * shopper's first contact.
 */
export async function handleCreateStockAlert(request: Request, productId: string): Promise<Response> {
  const receivedAt = new Date();
  const body = await readJsonObject(request, 32 * 1024);
  const caller = await authenticate(request, {
    accept: ['api-key', 'write-key'],
    bodyWriteKey: body.writeKey,
  });
  requirePathId(productId, 'productId');
  const message = { ...body, event: STOCK_ALERT_REQUESTED_EVENT, properties: { product_id: productId } };
  const parsed = parseIngestBody(JSON.stringify(message), 'track', {
    receivedAt,
    generateMessageId: randomUUID,
  });
  if (!parsed.ok) throw new HttpError(400, parsed.error);
  const db = getDb();
  const workspaceId = caller.workspaceId;
  const noProduct = () =>
    new HttpError(404, {
      field: 'productId',
      message: `no product ${productId} in this workspace's catalog`,
    });
  if (!(await findStorefrontProduct(db, workspaceId, productId))) throw noProduct();
  await ingestMessages(db, parsed.value.messages, { workspaceId, now: receivedAt });
  const [track] = parsed.value.messages;
  const owner = await findCustomerByIdentity(db, workspaceId, {
    userId: track?.userId || undefined,
    anonymousId: track?.anonymousId ?? '',
  });
  if (!owner) throw new HttpError(400, { field: 'userId', message: 'could not be resolved to a customer' });
  const created = await createStockAlert(db, { workspaceId, productId, customerId: owner.id }, receivedAt);
  if (created === 'product-not-found') throw noProduct();
  return jsonResponse(200, { success: true, customerId: owner.id, productId });
}

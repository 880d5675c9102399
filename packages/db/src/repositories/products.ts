import type { ProductInput } from '@nudgeflow/ingest';
import { poolOf, type Db } from '../client';
import { emitEvent, type EmitEventInput } from './events';
import { withTransaction } from '../transaction';

/**
 * The product catalog. Upserts compare each product with its stored version inside the same transaction, so
 * "back in stock" and "price dropped" are decided once, on the committed change, and their internal events
 * (which start back-in-stock and price-drop journeys) commit with it.
 */
export const BACK_IN_STOCK_EVENT = 'Back In Stock';
export const PRICE_DROPPED_EVENT = 'Price Dropped';
/** Track events that show interest in a product (Segment's e-commerce spec names plus wishlist/favourite). */
export const PRODUCT_INTEREST_EVENTS = [
  'Product Viewed',
  'Product Added',
  'Product Added to Wishlist',
  'Product Favorited',
  'Product Favourited',
];
export const PRICE_DROP_INTEREST_DAYS = 30;
const MAX_PRICE_DROP_RECIPIENTS = 50_000;

export interface UpsertProductsResult {
  upserted: number;
  backInStock: { productId: string; customers: number }[];
  priceDropped: { productId: string; oldPrice: number; newPrice: number; customers: number }[];
}

interface StoredProduct {
  id: string;
  price: string;
  stock: number;
}

export async function upsertProducts(
  db: Db,
  workspaceId: string,
  products: ProductInput[],
  now = new Date(),
): Promise<UpsertProductsResult> {
  return withTransaction(db, async (client) => {
    const ids = products.map((product) => product.id);
    const before = await client.query<StoredProduct>(
      `SELECT id, price::text AS price, stock FROM "Product" WHERE "workspaceId" = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [workspaceId, ids],
    );
    const stored = new Map(before.rows.map((row) => [row.id, row]));
    await client.query(
      `INSERT INTO "Product" ("workspaceId", id, name, price, currency, "imageUrl", url, stock, category, "createdAt", "updatedAt")
       SELECT $1, id, name, price, COALESCE(currency, 'USD'), "imageUrl", url, COALESCE(stock, 0), category, $10, $10
         FROM unnest($2::text[], $3::text[], $4::numeric[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[])
              AS t(id, name, price, currency, "imageUrl", url, stock, category)
       ON CONFLICT ("workspaceId", id) DO UPDATE SET
         name = EXCLUDED.name,
         price = EXCLUDED.price,
         currency = CASE WHEN $11::text[] @> ARRAY[EXCLUDED.id] THEN EXCLUDED.currency ELSE "Product".currency END,
         "imageUrl" = COALESCE(EXCLUDED."imageUrl", "Product"."imageUrl"),
         url = COALESCE(EXCLUDED.url, "Product".url),
         stock = CASE WHEN $12::text[] @> ARRAY[EXCLUDED.id] THEN EXCLUDED.stock ELSE "Product".stock END,
         category = COALESCE(EXCLUDED.category, "Product".category),
         "updatedAt" = EXCLUDED."updatedAt"`,
      [
        workspaceId,
        ids,
        products.map((p) => p.name),
        products.map((p) => p.price.toFixed(2)),
        products.map((p) => p.currency ?? null),
        products.map((p) => p.imageUrl ?? null),
        products.map((p) => p.url ?? null),
        products.map((p) => p.stock ?? null),
        products.map((p) => p.category ?? null),
        now.toISOString(),
        // Absent currency or stock keeps the stored value (a price-only feed must not zero the stock).
        products.filter((p) => p.currency !== undefined).map((p) => p.id),
        products.filter((p) => p.stock !== undefined).map((p) => p.id),
      ],
    );

    const events: EmitEventInput[] = [];
    const result: UpsertProductsResult = { upserted: products.length, backInStock: [], priceDropped: [] };
    for (const product of products) {
      const old = stored.get(product.id);
      if (!old) continue;
      const details = {
        productId: product.id,
        name: product.name,
        price: Number(product.price.toFixed(2)),
        currency: product.currency ?? null,
        imageUrl: product.imageUrl ?? null,
        url: product.url ?? null,
      };
      if (product.stock !== undefined && old.stock <= 0 && product.stock > 0) {
        const alerts = await client.query<{ customerId: string; createdAt: Date }>(
          `UPDATE "StockAlert" SET "notifiedAt" = $3 WHERE "workspaceId" = $1 AND "productId" = $2 AND "notifiedAt" IS NULL
           RETURNING "customerId", "createdAt"`,
          [workspaceId, product.id, now.toISOString()],
        );
        for (const alert of alerts.rows) {
          events.push({
            workspaceId,
            customerId: alert.customerId,
            name: BACK_IN_STOCK_EVENT,
            // One event per alert: a retried upsert finds the alert already notified and emits nothing.
            messageId: `back-in-stock:${product.id}:${alert.customerId}:${alert.createdAt.getTime()}`,
            properties: { ...details, stock: product.stock },
            timestamp: now,
          });
        }
        result.backInStock.push({ productId: product.id, customers: alerts.rows.length });
      }
      const oldPrice = Number(old.price);
      const newPrice = Number(product.price.toFixed(2));
      if (newPrice < oldPrice) {
        const interested = await client.query<{ customerId: string }>(
          `SELECT DISTINCT "customerId" FROM "Event"
            WHERE "workspaceId" = $1 AND name = ANY($2::text[]) AND timestamp >= $3
              AND (properties->>'product_id' = $4 OR properties->>'productId' = $4 OR properties->>'sku' = $4)
            LIMIT ${MAX_PRICE_DROP_RECIPIENTS}`,
          [
            workspaceId,
            PRODUCT_INTEREST_EVENTS,
            new Date(now.getTime() - PRICE_DROP_INTEREST_DAYS * 86_400_000).toISOString(),
            product.id,
          ],
        );
        for (const { customerId } of interested.rows) {
          events.push({
            workspaceId,
            customerId,
            name: PRICE_DROPPED_EVENT,
            messageId: `price-dropped:${product.id}:${old.price}:${newPrice.toFixed(2)}:${customerId}`,
            properties: {
              ...details,
              oldPrice,
              newPrice,
              dropPercent: Math.round(((oldPrice - newPrice) / oldPrice) * 1000) / 10,
            },
            timestamp: now,
          });
        }
        result.priceDropped.push({
          productId: product.id,
          oldPrice,
          newPrice,
          customers: interested.rows.length,
        });
      }
    }
    if (events.length > 0) await emitEvent(client, events);
    return result;
  });
}

/** A customer asks to be told when a product is back in stock; asking again re-arms a used alert. */
export async function createStockAlert(
  db: Db,
  input: { workspaceId: string; productId: string; customerId: string },
  now = new Date(),
): Promise<'created' | 'product-not-found'> {
  const result = await poolOf(db).query(
    `INSERT INTO "StockAlert" ("workspaceId", "productId", "customerId", "createdAt")
     SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM "Product" WHERE "workspaceId" = $1 AND id = $2)
     ON CONFLICT ("workspaceId", "productId", "customerId") DO UPDATE SET "notifiedAt" = NULL, "createdAt" = EXCLUDED."createdAt"`,
    [input.workspaceId, input.productId, input.customerId, now.toISOString()],
  );
  return result.rowCount === 1 ? 'created' : 'product-not-found';
}

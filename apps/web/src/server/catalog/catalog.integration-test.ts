import { closeSharedDb, createApiKey, getDb, type Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteServer } from '../testing/route-server';
import { v1Routes } from '../testing/v1-routes';

let server: Awaited<ReturnType<typeof startRouteServer>>;
let workspace: Workspace;
let apiKey: string;

beforeAll(async () => {
  server = await startRouteServer(v1Routes);
  // Write-key calls here name userIds without proof, as before identity verification (off for this
  // workspace; what verification changes is security/identity-spoofing.integration-test.ts).
  workspace = await createTestWorkspace(getDb(), { identityVerificationRequired: false });
  apiKey = (await createApiKey(getDb(), { workspaceId: workspace.id, name: 'catalog test' })).plainKey;
});
afterAll(async () => {
  await server.close();
  await closeSharedDb();
});

const post = (path: string, body: unknown, auth: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify(body),
  });
const basic = () => `Basic ${Buffer.from(`${workspace.writeKey}:`).toString('base64')}`;

describe('product catalog', () => {
  it('emits Back In Stock to customers who asked, once, and Price Dropped to customers who looked', async () => {
    const bearer = `Bearer ${apiKey}`;
    expect(
      (
        await post(
          '/v1/products',
          { products: [{ id: 'shoe-1', name: 'Trail shoe', price: 120, stock: 0, currency: 'EUR' }] },
          bearer,
        )
      ).status,
    ).toBe(200);

    const alert = await post('/v1/products/shoe-1/alerts', { userId: 'ann' }, basic());
    expect(alert.status).toBe(200);
    expect((await post('/v1/products/nope/alerts', { userId: 'ann' }, basic())).status).toBe(404);
    await post(
      '/v1/track',
      { userId: 'bob', event: 'Product Viewed', properties: { product_id: 'shoe-1' } },
      basic(),
    );

    const restock = await post(
      '/v1/products',
      { products: [{ id: 'shoe-1', name: 'Trail shoe', price: 99.5, stock: 4 }] },
      bearer,
    );
    expect(await restock.json()).toMatchObject({
      success: true,
      backInStock: [{ productId: 'shoe-1', customers: 1 }],
      priceDropped: [{ productId: 'shoe-1', oldPrice: 120, newPrice: 99.5, customers: 1 }],
    });
    // The same feed again changes nothing and notifies nobody twice.
    const again = await post(
      '/v1/products',
      { products: [{ id: 'shoe-1', name: 'Trail shoe', price: 99.5, stock: 4 }] },
      bearer,
    );
    expect(await again.json()).toMatchObject({ backInStock: [], priceDropped: [] });

    const db = getDb();
    const internal = await db.event.findMany({
      where: { workspaceId: workspace.id, type: 'INTERNAL' },
      select: { name: true, properties: true, customer: { select: { userId: true } } },
      orderBy: { name: 'asc' },
    });
    expect(internal).toEqual([
      {
        name: 'Back In Stock',
        properties: expect.objectContaining({ productId: 'shoe-1', stock: 4, price: 99.5 }),
        customer: { userId: 'ann' },
      },
      {
        name: 'Price Dropped',
        properties: expect.objectContaining({ productId: 'shoe-1', oldPrice: 120, newPrice: 99.5 }),
        customer: { userId: 'bob' },
      },
    ]);
    expect(
      await db.outboxEntry.count({
        where: { workspaceId: workspace.id, payload: { path: ['name'], equals: 'Back In Stock' } },
      }),
    ).toBe(1);
    const product = await db.product.findUniqueOrThrow({
      where: { workspaceId_id: { workspaceId: workspace.id, id: 'shoe-1' } },
    });
    expect({ stock: product.stock, price: product.price.toString(), currency: product.currency }).toEqual({
      stock: 4,
      price: '99.5',
      currency: 'EUR',
    });
  });

  it('refuses bad catalog feeds with the field', async () => {
    const response = await post(
      '/v1/products',
      { products: [{ id: 'x', name: 'X', price: 'cheap' }] },
      `Bearer ${apiKey}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { field: 'products[0].price', message: expect.any(String) },
    });
    expect((await post('/v1/products', { products: [] }, 'Bearer nope')).status).toBe(401);
  });
});

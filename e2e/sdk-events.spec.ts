import type { Db } from '@nudgeflow/db';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymousIdOf,
  appUrl,
  customerOf,
  demoWorkspaceId,
  eventually,
  launchChromium,
  openDb,
  openShop,
  screenshotPath,
} from './harness';

/**
 * (a) The SDK in a real page: a shopper browses the demo shop, adds to cart and checks out; every call the
 * shop makes (page, track, identify) reaches Postgres through /v1/batch, attributed to one customer.
 */
describe('browser SDK → event API', () => {
  let browser: Browser;
  let context: BrowserContext;
  let db: Db;
  let workspaceId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    db = openDb();
    workspaceId = await demoWorkspaceId(db);
  });

  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  it('sends page, track and identify from the demo shop and they land in Postgres', async () => {
    const page = await openShop(context);
    await page.getByTestId('product-grid').waitFor();
    await page.screenshot({ path: screenshotPath('shop.png') });
    const anonymousId = await anonymousIdOf(page);

    await page.getByTestId('product-trail-runner').click();
    await page.getByTestId('add-to-cart').click();
    await page.getByTestId('cart-link').click();
    await page.getByTestId('checkout-link').click();
    const email = `shopper-${anonymousId.slice(0, 8)}@example.com`;
    await page.getByTestId('checkout-email').fill(email);
    await page.getByTestId('place-order').click();
    await page.getByTestId('order-confirmation').waitFor();
    await page.evaluate(() =>
      (window as unknown as { nudgeflow: { flush(): Promise<void> } }).nudgeflow.flush(),
    );

    const customer = await customerOf(db, workspaceId, anonymousId);
    const events = await eventually('the shop’s events in Postgres', async () => {
      const rows = await db.event.findMany({
        where: { customerId: customer.id },
        orderBy: { id: 'asc' },
        select: { type: true, name: true, properties: true, context: true, messageId: true },
      });
      const names = rows.map((row) => `${row.type}:${row.name ?? ''}`);
      return names.includes('TRACK:Order Completed') && names.includes('IDENTIFY:') ? rows : null;
    });

    const tracks = events.filter((e) => e.type === 'TRACK').map((e) => e.name);
    expect(tracks).toEqual(
      expect.arrayContaining(['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed']),
    );
    expect(events.filter((e) => e.type === 'PAGE').length).toBeGreaterThanOrEqual(3);
    // Every event carries a distinct uuid messageId (the server deduplicates on it).
    const ids = events.map((e) => e.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const added = events.find((e) => e.name === 'Product Added')!;
    expect(added.properties).toMatchObject({ product_id: 'trail-runner', price: 119, quantity: 1 });
    expect((added.properties as { cart_id?: string }).cart_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(added.context).toMatchObject({
      library: { name: '@nudgeflow/sdk-browser' },
      page: { path: '/shop/products/trail-runner', url: `${appUrl()}/shop/products/trail-runner` },
    });

    const profile = await db.customer.findUniqueOrThrow({
      where: { id: customer.id },
      select: { userId: true, email: true },
    });
    expect(profile).toEqual({ userId: email, email });
  });
});

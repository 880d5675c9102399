import { sanitizeInAppHtml } from '@nudgeflow/channels';
import { createInAppMessage, type Db } from '@nudgeflow/db';
import { randomUUID } from 'node:crypto';
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
 * (b) An in-app message stored for a visitor (as the in-app channel stores it: HTML sanitised on the
 * server) reaches their open page over the SSE stream, is drawn in the SDK's shadow DOM, and a click on its
 * action is recorded on the message and as a receipt on the send.
 */
describe('in-app messages in the browser', () => {
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

  it('shows a banner delivered while the page is open and records the click', async () => {
    const page = await openShop(context, '/shop/products/weekender');
    const anonymousId = await anonymousIdOf(page);
    await page.evaluate(() =>
      (window as unknown as { nudgeflow: { flush(): Promise<void> } }).nudgeflow.flush(),
    );
    const customer = await customerOf(db, workspaceId, anonymousId);

    // A hostile template: the server-side sanitiser must leave nothing executable for the page.
    const html = sanitizeInAppHtml(
      '<p>Your <b>Weekender Duffel</b> is still in your cart.<script>window.__pwned = 1</script> ' +
        '<span onmouseover="window.__pwned = 2">Complete your order today.</span></p>',
    );
    const send = await db.messageSend.create({
      data: {
        workspaceId,
        customerId: customer.id,
        idempotencyKey: `e2e-in-app-${randomUUID()}`,
        channel: 'in_app',
        status: 'SENT',
        sentAt: new Date(),
      },
      select: { id: true },
    });
    const messageId = await createInAppMessage(db, {
      workspaceId,
      customerId: customer.id,
      sendId: send.id,
      layout: 'banner',
      content: {
        title: 'Still thinking it over?',
        html,
        imageUrl: `${appUrl()}/demo/products/weekender.svg`,
        actions: [{ title: 'Finish checkout', url: `${appUrl()}/shop/cart` }],
      },
      expiresAt: null,
    });

    const banner = page.locator(`#nudgeflow-in-app .banner[data-message-id="${messageId}"]`);
    await banner.waitFor({ timeout: 30_000 });
    await expect(banner.locator('.title').textContent()).resolves.toBe('Still thinking it over?');
    await expect(banner.locator('.body').textContent()).resolves.toBe(
      'Your Weekender Duffel is still in your cart. Complete your order today.',
    );
    await banner.locator('.body span').hover();
    await expect(
      page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).resolves.toBeUndefined();
    expect(await banner.locator('.body').innerHTML()).not.toMatch(/script|onmouseover/);
    await expect(banner.locator('img').getAttribute('src')).resolves.toBe(
      `${appUrl()}/demo/products/weekender.svg`,
    );
    await page.screenshot({ path: screenshotPath('in-app-message.png') });

    // Shown → read (opened receipt).
    await eventually('the message to be marked read', async () => {
      const row = await db.inAppMessage.findUniqueOrThrow({
        where: { id: messageId },
        select: { readAt: true },
      });
      return row.readAt;
    });

    await banner.getByRole('button', { name: 'Finish checkout' }).click();
    await page.waitForURL(`${appUrl()}/shop/cart`);

    const clicked = await eventually('the click on the message', async () => {
      const row = await db.inAppMessage.findUniqueOrThrow({
        where: { id: messageId },
        select: { clickedAt: true },
      });
      return row.clickedAt;
    });
    expect(clicked).toBeInstanceOf(Date);
    const receipts = await db.messageReceipt.findMany({ where: { sendId: send.id }, select: { type: true } });
    expect(receipts.map((r) => r.type).sort()).toEqual(['clicked', 'opened']);
    const sendRow = await db.messageSend.findUniqueOrThrow({
      where: { id: send.id },
      select: { clickedAt: true, openedAt: true },
    });
    expect(sendRow.clickedAt).toBeInstanceOf(Date);
    expect(sendRow.openedAt).toBeInstanceOf(Date);

    // A read banner is not shown again on the next page.
    await page.goto(`${appUrl()}/shop`);
    await page.waitForFunction(
      () => (window as unknown as { nudgeflow?: { loaded?: boolean } }).nudgeflow?.loaded === true,
    );
    await page.getByTestId('product-grid').waitFor();
    expect(await page.locator('#nudgeflow-in-app .banner').count()).toBe(0);
  });

  it('shows a stored modal on the next page, records its dismissal, and collects inbox messages behind the bell', async () => {
    // A visitor of its own: no other page of theirs may be open to receive the messages first.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await openShop(visitor);
    const anonymousId = await anonymousIdOf(page);
    await page.evaluate(() =>
      (window as unknown as { nudgeflow: { flush(): Promise<void> } }).nudgeflow.flush(),
    );
    const customer = await customerOf(db, workspaceId, anonymousId);
    // Stored while no page of this visitor is open, so the next page is the first to get them.
    await page.close();
    const store = (layout: 'modal' | 'inbox', title: string) =>
      createInAppMessage(db, {
        workspaceId,
        customerId: customer.id,
        sendId: randomUUID(),
        layout,
        content: { title, html: sanitizeInAppHtml(`<p>${title} body</p>`), imageUrl: null, actions: [] },
        expiresAt: null,
      });
    const modalId = await store('modal', 'Members get free shipping');
    const inboxId = await store('inbox', 'Your order history');

    const next = await openShop(visitor, '/shop/cart');
    const modal = next.locator(`#nudgeflow-in-app [role=dialog][data-message-id="${modalId}"]`);
    await modal.waitFor({ timeout: 30_000 });
    await expect(modal.getAttribute('aria-label')).resolves.toBe('Members get free shipping');
    await modal.getByRole('button', { name: 'Close' }).click();
    expect(await modal.count()).toBe(0);
    await eventually('the dismissal', async () => {
      const row = await db.inAppMessage.findUniqueOrThrow({
        where: { id: modalId },
        select: { dismissedAt: true },
      });
      return row.dismissedAt;
    });

    const bell = next.locator('#nudgeflow-in-app .bell');
    await expect(bell.locator('.badge').textContent()).resolves.toBe('1');
    await bell.click();
    const item = next.locator(`#nudgeflow-in-app .inbox .item[data-message-id="${inboxId}"]`);
    await expect(item.locator('.title').textContent()).resolves.toBe('Your order history');
    expect(await bell.locator('.badge').count()).toBe(0);
    await eventually('the inbox message to be marked read', async () => {
      const row = await db.inAppMessage.findUniqueOrThrow({
        where: { id: inboxId },
        select: { readAt: true },
      });
      return row.readAt;
    });
    await visitor.close();
  });

  it('refuses to mark another visitor’s message', async () => {
    const response = await fetch(`${appUrl()}/v1/in-app/messages/${randomUUID()}/click`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({
        writeKey: (await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).writeKey,
        anonymousId: randomUUID(),
      }),
    });
    expect(response.status).toBe(404);
    await expect(response.json()).resolves.toEqual({
      error: { field: 'messageId', message: 'is not a message of this visitor' },
    });
  });
});

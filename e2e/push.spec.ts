import { openWorkspaceSecrets, type Db } from '@nudgeflow/db';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page, Worker } from 'playwright-core';
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
} from './harness';

/**
 * (c) Web push in the service worker. Headless Chromium cannot obtain a real push subscription offline (no
 * push service), so the test registers the SDK's worker, grants the notification permission, and delivers
 * the push with CDP `ServiceWorker.deliverPushMessage`, exactly the bytes a push service would hand over
 * after decryption. The click is a `NotificationEvent('notificationclick')` dispatched in the worker over
 * CDP: browsers offer no way to click a notification from automation, and the worker handles a synthetic
 * event with the same code (its `waitUntil` wrapper tolerates untrusted events; see sw.ts).
 */
interface PageMessage {
  source?: string;
  type?: string;
  [key: string]: unknown;
}

describe('web push through the service worker', () => {
  let browser: Browser;
  let context: BrowserContext;
  let db: Db;
  let workspaceId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    db = openDb();
    workspaceId = await demoWorkspaceId(db);
  });

  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  async function registerWorker(page: Page): Promise<Worker> {
    const existing = context.serviceWorkers().find((w) => w.url().includes('/sdk/sw.js'));
    const appeared = existing
      ? Promise.resolve(existing)
      : context.waitForEvent('serviceworker', { timeout: 60_000 });
    await page.evaluate(async () => {
      await (
        window as unknown as { nudgeflow: { push: { registerServiceWorker(): Promise<unknown> } } }
      ).nudgeflow.push.registerServiceWorker();
    });
    return appeared;
  }

  it('shows the notification from a delivered push and reports the delivery and the click', async () => {
    await context.grantPermissions(['notifications'], { origin: appUrl() });
    const page = await openShop(context);
    const anonymousId = await anonymousIdOf(page);
    await page.evaluate(() =>
      (window as unknown as { nudgeflow: { flush(): Promise<void> } }).nudgeflow.flush(),
    );
    const customer = await customerOf(db, workspaceId, anonymousId);

    // Messages the worker posts to its pages, collected in the page.
    await page.evaluate(() => {
      const w = window as unknown as { __swMessages: unknown[] };
      w.__swMessages = [];
      navigator.serviceWorker.addEventListener('message', (event) => w.__swMessages.push(event.data));
      navigator.serviceWorker.startMessages();
    });
    const worker = await registerWorker(page);
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');

    const send = await db.messageSend.create({
      data: {
        workspaceId,
        customerId: customer.id,
        idempotencyKey: `e2e-push-${randomUUID()}`,
        channel: 'push',
        status: 'SENT',
        sentAt: new Date(),
      },
      select: { id: true },
    });
    // The push channel's payload shape (packages/channels PushPayload).
    const payload = {
      title: 'Your Trail Runners are waiting',
      body: 'Complete your order today and get 10% off.',
      icon: `${appUrl()}/demo/icon.svg`,
      image: `${appUrl()}/demo/products/trail-runner.svg`,
      url: `${appUrl()}/shop/products/trail-runner`,
      actions: [
        { action: 'checkout', title: 'Check out', url: `${appUrl()}/shop/checkout` },
        { action: 'later', title: 'Later' },
      ],
      data: { promo_code: 'TRAIL10' },
      sendId: send.id,
    };

    const cdp = await context.newCDPSession(page);
    const registrations = new Map<string, string>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) registrations.set(r.scopeURL, r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
    const registrationId = await eventually('the worker registration over CDP', async () =>
      registrations.get(`${appUrl()}/shop/`),
    );
    const shownNotifications = () =>
      worker.evaluate(async () => {
        const sw = self as unknown as ServiceWorkerGlobalScope;
        const notifications = await sw.registration.getNotifications();
        return notifications.map((n) => ({
          title: n.title,
          body: n.body,
          icon: n.icon,
          image: (n as Notification & { image?: string }).image,
          tag: n.tag,
          actions: (n as Notification & { actions?: { action: string; title: string }[] }).actions?.map(
            (a) => ({
              action: a.action,
              title: a.title,
            }),
          ),
          data: n.data as unknown,
        }));
      });
    // A push service retries a message the browser did not take; so does this test, since a service
    // worker still starting up on a busy machine can miss a single CDP delivery. The notification's tag
    // is the sendId, so a redelivery replaces the notification instead of adding one.
    let shown: Awaited<ReturnType<typeof shownNotifications>> = [];
    for (let attempt = 1; attempt <= 3 && shown.length === 0; attempt++) {
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: appUrl(),
        registrationId,
        data: JSON.stringify(payload),
      });
      shown = await eventually(
        'the notification in the worker',
        async () => {
          const list = await shownNotifications();
          return list.length > 0 ? list : null;
        },
        10_000,
      ).catch((error: unknown) => {
        if (attempt === 3) throw error;
        return [];
      });
    }
    expect(shown).toEqual([
      {
        title: payload.title,
        body: payload.body,
        icon: payload.icon,
        image: payload.image,
        tag: send.id,
        actions: [
          { action: 'checkout', title: 'Check out' },
          { action: 'later', title: 'Later' },
        ],
        data: {
          url: payload.url,
          actionUrls: { checkout: `${appUrl()}/shop/checkout` },
          sendId: send.id,
          custom: { promo_code: 'TRAIL10' },
        },
      },
    ]);
    await eventually('the worker to tell the page', () =>
      page.evaluate(() =>
        (window as unknown as { __swMessages: PageMessage[] }).__swMessages.some(
          (m) => m.type === 'notification-shown',
        ),
      ),
    );
    await eventually('the delivered receipt', () =>
      db.messageReceipt.findFirst({ where: { sendId: send.id, type: 'delivered' } }),
    );

    // Click the "Check out" action.
    await worker.evaluate(async () => {
      const sw = self as unknown as ServiceWorkerGlobalScope;
      const [notification] = await sw.registration.getNotifications();
      sw.dispatchEvent(
        new NotificationEvent('notificationclick', { notification: notification!, action: 'checkout' }),
      );
    });

    const receipt = await eventually('the clicked receipt', () =>
      db.messageReceipt.findFirst({ where: { sendId: send.id, type: 'clicked' }, select: { detail: true } }),
    );
    expect(receipt.detail).toEqual({ action: 'checkout', url: `${appUrl()}/shop/checkout` });
    const clickedMessage = await eventually('the worker to report the click to the page', () =>
      page.evaluate(() =>
        (window as unknown as { __swMessages: PageMessage[] }).__swMessages.find(
          (m) => m.type === 'notification-clicked',
        ),
      ),
    );
    expect(clickedMessage).toMatchObject({
      source: 'nudgeflow',
      action: 'checkout',
      sendId: send.id,
      url: `${appUrl()}/shop/checkout`,
    });
    // The notification closes on click.
    expect(
      await worker.evaluate(
        async () =>
          (await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications()).length,
      ),
    ).toBe(0);
    const sendRow = await db.messageSend.findUniqueOrThrow({
      where: { id: send.id },
      select: { status: true, clickedAt: true },
    });
    expect(sendRow.status).toBe('DELIVERED');
    expect(sendRow.clickedAt).toBeInstanceOf(Date);
  });

  it('stores a subscription posted to /v1/push/subscribe on the visitor and serves only the public VAPID key', async () => {
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    const vapid = await fetch(`${appUrl()}/v1/push/vapid-public-key?writeKey=${workspace.writeKey}`);
    expect(vapid.status).toBe(200);
    const vapidBody = await vapid.json();
    expect(vapidBody).toEqual({ publicKey: workspace.vapidPublicKey });
    const { vapidPrivateKey } = openWorkspaceSecrets(workspace);
    expect(JSON.stringify(vapidBody)).not.toContain(vapidPrivateKey);

    const anonymousId = randomUUID();
    const endpoint = `https://push.example.test/send/${randomUUID()}`;
    const subscription = {
      endpoint,
      expirationTime: null,
      keys: {
        p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
      },
    };
    const subscribe = () =>
      fetch(`${appUrl()}/v1/push/subscribe`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ writeKey: workspace.writeKey, anonymousId, subscription, userAgent: 'e2e' }),
      });
    expect((await subscribe()).status).toBe(201);
    expect((await subscribe()).status).toBe(200);
    const customer = await customerOf(db, workspaceId, anonymousId);
    const rows = await db.pushSubscription.findMany({
      where: { customerId: customer.id },
      select: { endpoint: true, auth: true },
    });
    expect(rows).toEqual([{ endpoint, auth: subscription.keys.auth }]);
    const events = await db.event.findMany({ where: { customerId: customer.id }, select: { name: true } });
    expect(events).toEqual([{ name: 'Push Subscribed' }]);

    const bad = await fetch(`${appUrl()}/v1/push/subscribe`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({
        writeKey: workspace.writeKey,
        anonymousId,
        subscription: { ...subscription, endpoint: 'http://insecure' },
      }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('subscription.endpoint');
  });
});

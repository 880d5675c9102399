/**
 * The Nudgeflow service worker. Serve it from the shop's own origin (e.g. `/sw.js`, or `importScripts` it
 * from a worker the shop already has). The API host and write key arrive in the worker's own URL query,
 * set by `nudgeflow.push`.
 */
import { clickTarget, notificationSpec, parsePushPayload, type NotificationData } from './push-payload';

const worker = self as unknown as ServiceWorkerGlobalScope;
const params = new URL(worker.location.href).searchParams;
const host = (params.get('host') ?? worker.location.origin).replace(/\/$/, '');
const writeKey = params.get('writeKey') ?? '';

/**
 * `waitUntil` throws on events the browser did not dispatch itself (a test or a wrapping worker firing a
 * synthetic NotificationEvent); the work must still run, it just cannot extend the worker's lifetime.
 */
function extendLifetime(event: ExtendableEvent, work: Promise<unknown>): void {
  try {
    event.waitUntil(work);
  } catch {
    void work;
  }
}

async function report(path: string, body: Record<string, unknown>): Promise<void> {
  try {
    await fetch(`${host}${path}`, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ writeKey, ...body }),
    });
  } catch {
    // Offline: a lost click report must not stop the click from opening the page.
  }
}

async function tellPages(message: Record<string, unknown>): Promise<void> {
  const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) client.postMessage({ source: 'nudgeflow', ...message });
}

worker.addEventListener('install', () => {
  void worker.skipWaiting();
});

worker.addEventListener('activate', (event) => {
  extendLifetime(event, worker.clients.claim());
});

worker.addEventListener('push', (event) => {
  let raw: unknown;
  try {
    raw = event.data?.json();
  } catch {
    raw = event.data?.text();
  }
  const spec = notificationSpec(parsePushPayload(raw));
  extendLifetime(
    event,
    worker.registration.showNotification(spec.title, spec.options).then(async () => {
      await tellPages({ type: 'notification-shown', title: spec.title, sendId: spec.options.data.sendId });
      if (spec.options.data.sendId) await report('/v1/push/delivered', { sendId: spec.options.data.sendId });
    }),
  );
});

worker.addEventListener('notificationclick', (event) => {
  const notification = event.notification;
  const data = notification.data as Partial<NotificationData> | undefined;
  const action = event.action ?? '';
  const url = clickTarget(data, action, worker.registration.scope);
  notification.close();
  extendLifetime(
    event,
    Promise.all([
      data?.sendId
        ? report('/v1/push/click', { sendId: data.sendId, action: action || null, url })
        : undefined,
      openOrFocus(url),
      tellPages({ type: 'notification-clicked', sendId: data?.sendId ?? null, action, url }),
    ]),
  );
});

async function openOrFocus(url: string): Promise<void> {
  const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => client.url === url);
  try {
    if (open) await open.focus();
    else await worker.clients.openWindow(url);
  } catch {
    // Browsers only allow focus/openWindow inside a real click's activation window.
  }
}

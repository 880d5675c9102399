import type { Identity } from './identity';
import type { PushOptions } from './types';

/**
 * Web push from the page's side: register the service worker on the shop's origin, subscribe with the
 * workspace's VAPID public key (fetched by write key; the private key never leaves the server), and store
 * the subscription against this visitor with `/v1/push/subscribe`.
 */
export type PushSubscribeResult =
  | { ok: true; endpoint: string }
  | { ok: false; reason: 'unsupported' | 'denied' | 'failed'; message: string };

export function urlBase64ToUint8Array(base64Url: string): Uint8Array<ArrayBuffer> {
  const padded =
    base64Url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64Url.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The service worker's URL carries the API host, so it can report clicks without any other config. */
export function serviceWorkerUrl(options: PushOptions, host: string, writeKey: string): string {
  const url = new URL(options.serviceWorkerUrl ?? '/sw.js', location.href);
  url.searchParams.set('host', host);
  url.searchParams.set('writeKey', writeKey);
  return url.toString();
}

const SYNC_KEY = 'nudgeflow_push_synced';
const RESYNC_MS = 24 * 3600 * 1000;

export class PushClient {
  constructor(
    private readonly host: string,
    private readonly writeKey: string,
    private readonly identity: Identity,
    private readonly options: PushOptions,
  ) {}

  isSupported(): boolean {
    return (
      typeof navigator !== 'undefined' &&
      'serviceWorker' in navigator &&
      'PushManager' in globalThis &&
      'Notification' in globalThis
    );
  }

  permission(): NotificationPermission | 'unsupported' {
    return this.isSupported() ? Notification.permission : 'unsupported';
  }

  /** Registers (or finds) the service worker and waits until it is active. */
  async registerServiceWorker(): Promise<ServiceWorkerRegistration> {
    const registration = await navigator.serviceWorker.register(
      serviceWorkerUrl(this.options, this.host, this.writeKey),
      this.options.scope ? { scope: this.options.scope } : {},
    );
    await activeWorker(registration);
    return registration;
  }

  /** Call from a user gesture (a click): browsers ignore permission prompts without one. */
  async subscribe(): Promise<PushSubscribeResult> {
    if (!this.isSupported())
      return { ok: false, reason: 'unsupported', message: 'This browser has no web push.' };
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      return { ok: false, reason: 'denied', message: `Notification permission is ${permission}.` };
    }
    try {
      const registration = await this.registerServiceWorker();
      const publicKey = await this.vapidPublicKey();
      const applicationServerKey = urlBase64ToUint8Array(publicKey);
      let subscription = await registration.pushManager.getSubscription();
      if (subscription && !sameKey(subscription.options.applicationServerKey, applicationServerKey)) {
        // The workspace rotated its VAPID keys: the old subscription can no longer be sent to.
        await subscription.unsubscribe();
        subscription = null;
      }
      subscription ??= await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey,
      });
      await this.store(subscription);
      return { ok: true, endpoint: subscription.endpoint };
    } catch (error) {
      return { ok: false, reason: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  async unsubscribe(): Promise<boolean> {
    if (!this.isSupported()) return false;
    const registration = await navigator.serviceWorker.getRegistration(this.options.scope);
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return false;
    await this.post('/v1/push/unsubscribe', { endpoint: subscription.endpoint });
    localStorage.removeItem(SYNC_KEY);
    return subscription.unsubscribe();
  }

  /**
   * Re-sends an existing subscription once a day and after identify(), so the server's copy follows the
   * visitor (and a subscription the push service rotated is replaced). No prompt: only when granted.
   */
  async sync(force = false): Promise<void> {
    if (!this.isSupported() || Notification.permission !== 'granted') return;
    const registration = await navigator.serviceWorker.getRegistration(this.options.scope);
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return;
    const last = Number(localStorage.getItem(SYNC_KEY) ?? 0);
    if (force || Date.now() - last > RESYNC_MS) await this.store(subscription);
  }

  private async vapidPublicKey(): Promise<string> {
    const response = await fetch(
      `${this.host}/v1/push/vapid-public-key?writeKey=${encodeURIComponent(this.writeKey)}`,
      { credentials: 'omit' },
    );
    if (!response.ok) throw new Error(`Could not fetch the VAPID public key (HTTP ${response.status}).`);
    const body = (await response.json()) as { publicKey?: string };
    if (!body.publicKey) throw new Error('The server returned no VAPID public key.');
    return body.publicKey;
  }

  private async store(subscription: PushSubscription): Promise<void> {
    const status = await this.post('/v1/push/subscribe', {
      subscription: subscription.toJSON(),
      userAgent: navigator.userAgent,
    });
    if (status < 200 || status >= 300)
      throw new Error(`Storing the push subscription failed (HTTP ${status}).`);
    localStorage.setItem(SYNC_KEY, String(Date.now()));
  }

  private async post(path: string, body: Record<string, unknown>): Promise<number> {
    const response = await fetch(`${this.host}${path}`, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({
        writeKey: this.writeKey,
        anonymousId: this.identity.anonymousId(),
        ...this.identity.proof(),
        ...body,
      }),
    });
    return response.status;
  }
}

function sameKey(current: ArrayBuffer | null, wanted: Uint8Array): boolean {
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === wanted.length && bytes.every((byte, i) => byte === wanted[i]);
}

function activeWorker(registration: ServiceWorkerRegistration): Promise<void> {
  if (registration.active) return Promise.resolve();
  const worker = registration.installing ?? registration.waiting;
  if (!worker) return Promise.resolve();
  return new Promise((resolve, reject) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      if (worker.state === 'redundant') reject(new Error('The service worker failed to install.'));
    });
  });
}

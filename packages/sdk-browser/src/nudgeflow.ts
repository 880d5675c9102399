import { Analytics, type IdentifyOptions, type Properties } from './analytics';
import { browserStore, Identity } from './identity';
import { InAppClient, type InAppListener } from './in-app/client';
import { InAppRenderer } from './in-app/render';
import { PushClient, type PushSubscribeResult } from './push';
import { fetchTransport } from './transport';
import type { InAppMessageView, LoadOptions } from './types';

/** The object behind `window.nudgeflow` and the ESM default export. Calls before load() throw. */
export class Nudgeflow {
  private analytics: Analytics | null = null;
  private pushClient: PushClient | null = null;
  private inAppClient: InAppClient | null = null;
  private writeKeyValue: string | null = null;

  readonly push = {
    isSupported: (): boolean => this.requirePush().isSupported(),
    permission: (): NotificationPermission | 'unsupported' => this.requirePush().permission(),
    subscribe: (): Promise<PushSubscribeResult> => this.requirePush().subscribe(),
    unsubscribe: (): Promise<boolean> => this.requirePush().unsubscribe(),
    registerServiceWorker: (): Promise<ServiceWorkerRegistration> =>
      this.requirePush().registerServiceWorker(),
  };

  readonly inApp = {
    on: (listener: InAppListener): (() => void) => this.requireInApp().on(listener),
    messages: (): InAppMessageView[] => this.requireInApp().messages(),
    markClicked: (id: string, action: string | null = null): Promise<number> =>
      this.requireInApp().markClicked(id, action, null),
    dismiss: (id: string): Promise<number> => this.requireInApp().dismiss(id),
  };

  get loaded(): boolean {
    return this.analytics !== null;
  }

  load(writeKey: string, options: LoadOptions = {}): this {
    if (this.analytics) {
      if (writeKey !== this.writeKeyValue)
        console.warn('[nudgeflow] load() called twice; keeping the first write key');
      return this;
    }
    if (!writeKey) throw new TypeError('nudgeflow.load() needs a write key');
    const host = (options.host ?? location.origin).replace(/\/+$/, '');
    const store = browserStore();
    const identity = new Identity(store);
    this.writeKeyValue = writeKey;
    this.analytics = new Analytics({
      writeKey,
      store,
      identity,
      transport: fetchTransport(`${host}/v1/batch`),
      flushAt: options.flushAt ?? 20,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxRetries: options.maxRetries ?? 10,
    });
    this.pushClient = new PushClient(host, writeKey, identity, options.push ?? {});

    // A page being hidden may never come back (tab closed, navigation): send what is queued while we can.
    addEventListener('pagehide', () => void this.analytics?.flush({ keepalive: true }));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void this.analytics?.flush({ keepalive: true });
    });

    if (options.initialPage) this.analytics.page();
    if (options.inApp !== false) {
      const inAppOptions = options.inApp ?? {};
      this.inAppClient = new InAppClient(host, writeKey, identity, inAppOptions);
      if (inAppOptions.render !== false) {
        const client = this.inAppClient;
        const attach = () => {
          const renderer = new InAppRenderer(client);
          client.on((message) => renderer.show(message));
        };
        if (document.body) attach();
        else document.addEventListener('DOMContentLoaded', attach, { once: true });
      }
      this.inAppClient.start();
    }
    void this.pushClient.sync().catch(() => undefined);
    return this;
  }

  track(event: string, properties?: Properties): void {
    this.requireAnalytics().track(event, properties);
  }

  /**
   * `identify(userId, traits, { userHash })`: with identity verification on, `userHash` (made by the shop's
   * server, docs/sdk.md) proves userId; without it the server keeps the call as anonymous activity.
   */
  identify(
    userIdOrTraits?: string | null | Properties,
    traits?: Properties,
    options?: IdentifyOptions,
  ): void {
    const analytics = this.requireAnalytics();
    const before = analytics.identity.userId();
    const proofBefore = analytics.identity.userHash();
    if (userIdOrTraits !== null && typeof userIdOrTraits === 'object')
      analytics.identify(null, userIdOrTraits);
    else analytics.identify(userIdOrTraits, traits, options);
    if (analytics.identity.userId() !== before || analytics.identity.userHash() !== proofBefore) {
      // The server now knows who this visitor is: move the push subscription over, send the event quickly,
      // and reopen the in-app stream with the proof, which an identified customer's messages need.
      void analytics
        .flush()
        .then(() => {
          this.inAppClient?.restart();
          return this.pushClient?.sync(true);
        })
        .catch(() => undefined);
    }
  }

  page(name?: string, properties?: Properties): void {
    this.requireAnalytics().page(name, properties);
  }

  alias(userId: string, previousId?: string): void {
    this.requireAnalytics().alias(userId, previousId);
  }

  /** Logout: a new anonymous visitor from now on; their in-app messages are no longer shown. */
  reset(): void {
    this.requireAnalytics().reset();
    this.inAppClient?.restart();
  }

  flush(): Promise<void> {
    return this.requireAnalytics().flush();
  }

  user(): { anonymousId: string; userId: string | null; traits: Properties } {
    const identity = this.requireAnalytics().identity;
    return { anonymousId: identity.anonymousId(), userId: identity.userId(), traits: identity.traits() };
  }

  private requireAnalytics(): Analytics {
    if (!this.analytics) throw new Error('Call nudgeflow.load(writeKey) first.');
    return this.analytics;
  }

  private requirePush(): PushClient {
    if (!this.pushClient) throw new Error('Call nudgeflow.load(writeKey) first.');
    return this.pushClient;
  }

  private requireInApp(): InAppClient {
    if (!this.inAppClient)
      throw new Error('In-app messages are off (load() with inApp: false) or not loaded.');
    return this.inAppClient;
  }
}

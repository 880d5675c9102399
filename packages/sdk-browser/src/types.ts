/** Segment-spec event shapes the SDK sends to `/v1/batch`. */
export type EventType = 'track' | 'identify' | 'page' | 'alias';

export interface EventContext {
  library: { name: string; version: string };
  page?: { path: string; referrer: string; search: string; title: string; url: string };
  userAgent?: string;
  locale?: string;
  timezone?: string;
  screen?: { width: number; height: number; density?: number };
  campaign?: Record<string, string>;
  [key: string]: unknown;
}

export interface SegmentEvent {
  type: EventType;
  messageId: string;
  anonymousId: string;
  userId?: string | null;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  previousId?: string;
  context: EventContext;
  timestamp: string;
}

export interface LoadOptions {
  /** Origin of the Nudgeflow web app, e.g. "https://nudgeflow.example.com". Defaults to the page's origin. */
  host?: string;
  /** Send a batch once this many events are queued. */
  flushAt?: number;
  /** Send whatever is queued after this long. */
  flushIntervalMs?: number;
  /** Give up on an event after this many failed retryable attempts. */
  maxRetries?: number;
  /** Send a page() on load (Segment's snippet does this too). */
  initialPage?: boolean;
  inApp?: InAppOptions | false;
  push?: PushOptions;
}

export interface InAppOptions {
  /** 'auto' tries server-sent events and falls back to polling; 'poll' never opens a stream. */
  transport?: 'auto' | 'poll';
  pollIntervalMs?: number;
  /** Render messages automatically (banner/modal/inbox). Off: listen with `nudgeflow.inApp.on`. */
  render?: boolean;
}

export interface PushOptions {
  /** URL of the service worker on the shop's own origin. */
  serviceWorkerUrl?: string;
  /** Registration scope; must be within the worker's path unless the host sends Service-Worker-Allowed. */
  scope?: string;
}

/** An in-app message as `/v1/in-app/*` returns it. `html` was sanitised by the server. */
export interface InAppMessageView {
  id: string;
  layout: 'banner' | 'modal' | 'inbox';
  content: InAppContent;
  createdAt: string;
  readAt: string | null;
  clickedAt: string | null;
}

export interface InAppContent {
  title?: string;
  html?: string;
  body?: string;
  image?: string;
  actions?: { id?: string; label: string; url?: string }[];
}

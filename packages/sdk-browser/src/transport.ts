import type { QueueStorage, QueuedEvent, Transport } from './queue';
import type { KeyValueStore } from './identity';

/**
 * JSON sent as text/plain is a CORS "simple request": no preflight, so a shop on another origin costs one
 * round trip per batch. The event API parses text/plain bodies as JSON (Segment's clients do the same).
 */
export function fetchTransport(url: string): Transport {
  return async (body, { keepalive }) => {
    const response = await fetch(url, {
      method: 'POST',
      body,
      keepalive,
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain' },
    });
    const retryAfter = Number(response.headers.get('Retry-After'));
    return {
      status: response.status,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  };
}

/** POSTs a small JSON report (clicks, reads) that must survive the navigation it triggers. */
export function postReport(url: string, payload: unknown): Promise<number> {
  return fetch(url, {
    method: 'POST',
    body: JSON.stringify(payload),
    keepalive: true,
    credentials: 'omit',
    headers: { 'Content-Type': 'text/plain' },
  }).then(
    (response) => response.status,
    () => 0,
  );
}

/** The queue as JSON under one key per write key; corrupt or foreign data is discarded. */
export function storedQueue(store: KeyValueStore, writeKey: string): QueueStorage {
  const key = `nudgeflow_queue_${writeKey}`;
  return {
    load: () => {
      try {
        const parsed: unknown = JSON.parse(store.get(key) ?? '[]');
        return Array.isArray(parsed)
          ? (parsed as QueuedEvent[]).filter((queued) => typeof queued?.event?.messageId === 'string')
          : [];
      } catch {
        return [];
      }
    },
    save: (events) => {
      if (events.length === 0) store.remove(key);
      else store.set(key, JSON.stringify(events));
    },
  };
}

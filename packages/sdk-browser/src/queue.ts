import type { SegmentEvent } from './types';

/**
 * The outgoing event queue: batches events to `/v1/batch`, persists them so a navigation or a closed tab
 * does not lose them, and retries what the server says is retryable (429, 5xx, network errors) with
 * exponential backoff, while dropping what it rejects permanently (400, 413 …), as Segment's clients do.
 * Re-sending is safe because the server deduplicates by messageId.
 */

/** Per-event and per-batch limits of the event API. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
/** `fetch(…, { keepalive })` refuses bodies past 64 KB in total. */
const KEEPALIVE_BYTES = 60 * 1024;

export interface TransportResponse {
  status: number;
  /** Seconds from a Retry-After header, when the server sent one. */
  retryAfterSeconds?: number;
}

export type Transport = (body: string, options: { keepalive: boolean }) => Promise<TransportResponse>;

export interface QueueStorage {
  load(): QueuedEvent[];
  save(events: QueuedEvent[]): void;
}

export interface QueuedEvent {
  event: SegmentEvent;
  attempts: number;
}

export interface QueueOptions {
  writeKey: string;
  transport: Transport;
  storage: QueueStorage;
  flushAt: number;
  flushIntervalMs: number;
  maxRetries: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
  onDrop?: (events: SegmentEvent[], reason: string) => void;
}

export type SendOutcome = 'sent' | 'retry' | 'dropped';

export function classifyStatus(status: number): SendOutcome {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  return 'dropped';
}

/** Full jitter on an exponential curve: 1 s, 2 s, 4 s … capped at 60 s; Retry-After wins when longer. */
export function backoffMs(attempt: number, random: () => number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return retryAfterSeconds !== undefined ? Math.max(jittered, retryAfterSeconds * 1000) : jittered;
}

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** Splits events into bodies under the batch limit (and the keepalive limit when the page is going away). */
export function buildBatches(events: QueuedEvent[], limit: number): QueuedEvent[][] {
  const batches: QueuedEvent[][] = [];
  let current: QueuedEvent[] = [];
  let size = 256;
  for (const queued of events) {
    const eventSize = byteLength(JSON.stringify(queued.event)) + 1;
    if (current.length > 0 && size + eventSize > limit) {
      batches.push(current);
      current = [];
      size = 256;
    }
    current.push(queued);
    size += eventSize;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export function batchBody(writeKey: string, events: QueuedEvent[], sentAt: Date): string {
  return JSON.stringify({
    writeKey,
    sentAt: sentAt.toISOString(),
    batch: events.map((queued) => queued.event),
  });
}

export class EventQueue {
  private events: QueuedEvent[];
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private retryAttempt = 0;
  private readonly options: Required<Omit<QueueOptions, 'onDrop'>> & Pick<QueueOptions, 'onDrop'>;

  constructor(options: QueueOptions) {
    this.options = {
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      random: Math.random,
      ...options,
    };
    this.events = options.storage.load();
    if (this.events.length > 0) this.schedule(0);
  }

  get size(): number {
    return this.events.length;
  }

  enqueue(event: SegmentEvent): void {
    if (byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      this.options.onDrop?.([event], `event larger than ${MAX_EVENT_BYTES} bytes`);
      return;
    }
    this.events.push({ event, attempts: 0 });
    this.options.storage.save(this.events);
    // While backing off after a failure, the retry timer decides when to send, not the queue length.
    if (this.retryAttempt > 0) return;
    if (this.events.length >= this.options.flushAt) this.schedule(0);
    else this.schedule(this.options.flushIntervalMs);
  }

  /** Sends everything queued now. Resolves when the attempt is over (sent, dropped or re-scheduled). */
  flush(options: { keepalive?: boolean } = {}): Promise<void> {
    this.cancelTimer();
    if (this.inFlight)
      return this.inFlight.then(() => (this.events.length > 0 ? this.flush(options) : undefined));
    if (this.events.length === 0) return Promise.resolve();
    this.inFlight = this.sendAll(options.keepalive ?? false).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async sendAll(keepalive: boolean): Promise<void> {
    const taken = this.events.slice();
    const limit = keepalive ? KEEPALIVE_BYTES : MAX_BATCH_BYTES;
    let retryAfterSeconds: number | undefined;
    let retry = false;
    const done = new Set<QueuedEvent>();
    for (const batch of buildBatches(taken, limit)) {
      let response: TransportResponse;
      try {
        response = await this.options.transport(batchBody(this.options.writeKey, batch, new Date()), {
          keepalive,
        });
      } catch {
        response = { status: 0 };
      }
      const outcome = classifyStatus(response.status);
      if (outcome === 'sent') {
        batch.forEach((queued) => done.add(queued));
      } else if (outcome === 'dropped') {
        batch.forEach((queued) => done.add(queued));
        this.options.onDrop?.(
          batch.map((queued) => queued.event),
          `rejected by the server with status ${response.status}`,
        );
      } else {
        retry = true;
        retryAfterSeconds = response.retryAfterSeconds ?? retryAfterSeconds;
        const expired: SegmentEvent[] = [];
        for (const queued of batch) {
          queued.attempts += 1;
          if (queued.attempts > this.options.maxRetries) {
            done.add(queued);
            expired.push(queued.event);
          }
        }
        if (expired.length > 0)
          this.options.onDrop?.(expired, `gave up after ${this.options.maxRetries} retries`);
      }
    }
    // Events enqueued while the request was in flight stay queued behind the ones still to retry.
    this.events = this.events.filter((queued) => !done.has(queued));
    this.options.storage.save(this.events);
    if (retry && this.events.length > 0) {
      this.retryAttempt += 1;
      this.schedule(backoffMs(this.retryAttempt, this.options.random, retryAfterSeconds), true);
    } else {
      this.retryAttempt = 0;
      if (this.events.length > 0) this.schedule(this.options.flushIntervalMs);
    }
  }

  private schedule(ms: number, replace = false): void {
    if (this.timer !== null && !replace && ms > 0) return;
    this.cancelTimer();
    this.timer = this.options.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.options.clearTimer(this.timer);
    this.timer = null;
  }
}

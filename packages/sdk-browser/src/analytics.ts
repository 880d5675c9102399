import { buildContext, currentEnvironment, pageProperties, type PageEnvironment } from './context';
import { type Identity, type KeyValueStore } from './identity';
import { EventQueue, type Transport } from './queue';
import { storedQueue } from './transport';
import type { EventContext, SegmentEvent } from './types';
import { uuid } from './uuid';

export type Properties = Record<string, unknown>;

/** identify()'s third argument: the proof of userId made by the shop's server (docs/security.md). */
export interface IdentifyOptions {
  userHash?: string;
}

export interface AnalyticsOptions {
  writeKey: string;
  store: KeyValueStore;
  identity: Identity;
  transport: Transport;
  flushAt: number;
  flushIntervalMs: number;
  maxRetries: number;
  environment?: () => PageEnvironment;
  now?: () => Date;
}

/** The Segment-spec calls. Every call becomes one event with a fresh messageId, queued for `/v1/batch`. */
export class Analytics {
  readonly queue: EventQueue;
  private readonly environment: () => PageEnvironment;
  private readonly now: () => Date;

  constructor(private readonly options: AnalyticsOptions) {
    this.environment = options.environment ?? currentEnvironment;
    this.now = options.now ?? (() => new Date());
    this.queue = new EventQueue({
      writeKey: options.writeKey,
      transport: options.transport,
      storage: storedQueue(options.store, options.writeKey),
      flushAt: options.flushAt,
      flushIntervalMs: options.flushIntervalMs,
      maxRetries: options.maxRetries,
      onDrop: (events, reason) => console.warn(`[nudgeflow] dropped ${events.length} event(s): ${reason}`),
    });
  }

  get identity(): Identity {
    return this.options.identity;
  }

  track(event: string, properties: Properties = {}, context: Partial<EventContext> = {}): SegmentEvent {
    if (typeof event !== 'string' || event.trim() === '') throw new TypeError('track() needs an event name');
    return this.enqueue({ type: 'track', event, properties }, context);
  }

  identify(userId?: string | null, traits: Properties = {}, options: IdentifyOptions = {}): SegmentEvent {
    const id = userId === undefined || userId === null || userId === '' ? null : String(userId);
    this.identity.identify(id, traits, options.userHash);
    return this.enqueue({ type: 'identify', traits: this.identity.traits() }, {});
  }

  page(name?: string, properties: Properties = {}): SegmentEvent {
    const page = pageProperties(this.environment());
    return this.enqueue(
      { type: 'page', ...(name ? { name } : {}), properties: { ...page, ...properties } },
      {},
    );
  }

  /** Links the current visitor (or `previousId`) to `userId`; the server merges their histories. */
  alias(userId: string, previousId?: string): SegmentEvent {
    if (!userId) throw new TypeError('alias() needs a userId');
    const from = previousId ?? this.identity.userId() ?? this.identity.anonymousId();
    const event = this.enqueue({ type: 'alias', previousId: from }, {}, userId);
    this.identity.identify(userId, {});
    return event;
  }

  reset(): void {
    this.identity.reset();
  }

  flush(options: { keepalive?: boolean } = {}): Promise<void> {
    return this.queue.flush(options);
  }

  private enqueue(
    fields: Pick<SegmentEvent, 'type'> & Partial<SegmentEvent>,
    context: Partial<EventContext>,
    userIdOverride?: string,
  ): SegmentEvent {
    const userId = userIdOverride ?? this.identity.userId();
    // The proof goes with every call that names the user it proves (not an alias to another id).
    const userHash = userId !== null && userId === this.identity.userId() ? this.identity.userHash() : null;
    const event: SegmentEvent = {
      ...fields,
      messageId: uuid(),
      anonymousId: this.identity.anonymousId(),
      ...(userId ? { userId } : {}),
      context: { ...buildContext(this.environment()), ...context, ...(userHash ? { userHash } : {}) },
      timestamp: this.now().toISOString(),
    };
    this.queue.enqueue(event);
    return event;
  }
}

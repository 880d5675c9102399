import type { Identity } from '../identity';
import { postReport } from '../transport';
import type { InAppMessageView, InAppOptions } from '../types';

export type InAppListener = (message: InAppMessageView) => void;

/**
 * Receives this visitor's in-app messages: a server-sent event stream when the browser and server allow
 * it, polling otherwise (or after the stream fails twice in a row: proxies that buffer responses break SSE).
 */
export class InAppClient {
  private readonly listeners = new Set<InAppListener>();
  private readonly known = new Map<string, InAppMessageView>();
  private source: EventSource | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private streamFailures = 0;
  private stopped = true;

  constructor(
    private readonly host: string,
    private readonly writeKey: string,
    private readonly identity: Identity,
    private readonly options: InAppOptions,
  ) {}

  on(listener: InAppListener): () => void {
    this.listeners.add(listener);
    for (const message of this.known.values()) listener(message);
    return () => this.listeners.delete(listener);
  }

  messages(): InAppMessageView[] {
    return [...this.known.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.options.transport !== 'poll' && typeof EventSource !== 'undefined') this.openStream();
    else void this.poll();
  }

  stop(): void {
    this.stopped = true;
    this.source?.close();
    this.source = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** After identify()/reset() the visitor may be someone else: forget what was shown and reconnect. */
  restart(): void {
    this.stop();
    this.known.clear();
    this.start();
  }

  /** The message was displayed. */
  markRead(id: string): Promise<number> {
    return this.report(id, 'read', {});
  }

  markClicked(id: string, action: string | null, url: string | null): Promise<number> {
    return this.report(id, 'click', { action, url });
  }

  dismiss(id: string): Promise<number> {
    this.known.delete(id);
    return this.report(id, 'dismiss', {});
  }

  private query(): string {
    const params = new URLSearchParams({
      writeKey: this.writeKey,
      anonymousId: this.identity.anonymousId(),
      ...this.identity.proof(),
    });
    return params.toString();
  }

  private openStream(): void {
    const source = new EventSource(`${this.host}/v1/in-app/stream?${this.query()}`);
    this.source = source;
    source.addEventListener('message', (event: MessageEvent<string>) => {
      this.streamFailures = 0;
      this.receive(JSON.parse(event.data) as InAppMessageView);
    });
    source.addEventListener('open', () => {
      this.streamFailures = 0;
    });
    source.addEventListener('error', () => {
      // EventSource reconnects on its own while CONNECTING; CLOSED means the server refused the stream.
      this.streamFailures += 1;
      if (source.readyState === EventSource.CLOSED || this.streamFailures >= 2) {
        source.close();
        this.source = null;
        if (!this.stopped) void this.poll();
      }
    });
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    try {
      const response = await fetch(`${this.host}/v1/in-app/messages?${this.query()}`, {
        credentials: 'omit',
      });
      if (response.ok) {
        const body = (await response.json()) as { messages?: InAppMessageView[] };
        for (const message of body.messages ?? []) this.receive(message);
      }
    } catch {
      // Offline: try again at the next interval.
    }
    if (!this.stopped)
      this.pollTimer = setTimeout(() => void this.poll(), this.options.pollIntervalMs ?? 15_000);
  }

  private receive(message: InAppMessageView): void {
    if (!message?.id || this.known.has(message.id)) return;
    this.known.set(message.id, message);
    for (const listener of this.listeners) listener(message);
  }

  private report(
    id: string,
    kind: 'read' | 'click' | 'dismiss',
    body: Record<string, unknown>,
  ): Promise<number> {
    return postReport(`${this.host}/v1/in-app/messages/${encodeURIComponent(id)}/${kind}`, {
      writeKey: this.writeKey,
      anonymousId: this.identity.anonymousId(),
      ...this.identity.proof(),
      ...body,
    });
  }
}

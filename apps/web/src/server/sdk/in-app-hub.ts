import { createLogger } from '@nudgeflow/config';
import { getDb, listInAppFeed, visitorCustomers } from '@nudgeflow/db';
import { toInAppView, type InAppMessageView } from './in-app-view';

/**
 * Fans new in-app messages out to the open SSE streams of this web process. Whatever the number of
 * streams, each tick costs two indexed queries per workspace (resolve anonymousIds, list messages) rather
 * than one poll per browser. Anonymous ids are resolved again on every tick: a visitor who appears (first
 * event) or is merged into a known customer (identify) is picked up without reconnecting.
 */
const log = createLogger('web:in-app-hub');
const TICK_MS = 1500;

export interface InAppStream {
  workspaceId: string;
  anonymousId: string;
  /** The userId the browser proved when it connected; the stream then follows that customer. */
  userId: string | null;
  /**
   * Identity verification is on: a stream that proved no userId never gets the messages of an identified
   * customer, even when its anonymous id is merged into one while it is open.
   */
  requireProof: boolean;
  /** Message ids already sent on this stream. */
  sent: Set<string>;
  send(message: InAppMessageView): void;
}

class InAppHub {
  private readonly streams = new Set<InAppStream>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ticking = false;

  add(stream: InAppStream): () => void {
    this.streams.add(stream);
    this.schedule(0);
    return () => {
      this.streams.delete(stream);
    };
  }

  private schedule(ms: number): void {
    if (this.timer || this.streams.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.schedule(TICK_MS));
    }, ms);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const byWorkspace = new Map<string, InAppStream[]>();
      for (const stream of this.streams) {
        const list = byWorkspace.get(stream.workspaceId) ?? [];
        list.push(stream);
        byWorkspace.set(stream.workspaceId, list);
      }
      for (const [workspaceId, streams] of byWorkspace) await this.deliver(workspaceId, streams);
    } catch (error) {
      log.warn({ err: error }, 'in-app hub: tick failed; retrying on the next one');
    } finally {
      this.ticking = false;
    }
  }

  private async deliver(workspaceId: string, streams: InAppStream[]): Promise<void> {
    const db = getDb();
    const customers = await visitorCustomers(db, workspaceId, {
      anonymousIds: [...new Set(streams.filter((s) => !s.userId).map((s) => s.anonymousId))],
      userIds: [...new Set(streams.flatMap((s) => (s.userId ? [s.userId] : [])))],
    });
    const customerOf = (stream: InAppStream): string | null => {
      const found = customers.get(stream.userId ? `u:${stream.userId}` : `a:${stream.anonymousId}`);
      if (!found || (!stream.userId && stream.requireProof && found.userId !== null)) return null;
      return found.customerId;
    };
    const customerIds = [...new Set(streams.flatMap((s) => customerOf(s) ?? []))];
    if (customerIds.length === 0) return;
    const rows = await listInAppFeed(db, { workspaceId, customerIds, limit: 50 * customerIds.length });
    for (const stream of streams) {
      const customerId = customerOf(stream);
      if (!customerId) continue;
      // Oldest first, so a stream that connects to several messages shows them in the order they were sent.
      for (const row of rows.filter((r) => r.customerId === customerId).reverse()) {
        if (stream.sent.has(row.id)) continue;
        stream.sent.add(row.id);
        stream.send(toInAppView(row));
      }
    }
  }
}

// One hub per server process; survives Next's dev-mode module reloads through globalThis.
const globalHub = globalThis as unknown as { __nudgeflowInAppHub?: InAppHub };
export const inAppHub: InAppHub = (globalHub.__nudgeflowInAppHub ??= new InAppHub());

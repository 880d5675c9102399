import type { EventMatcher, RunEvent } from '@nudgeflow/journey';
import { matchesPropertyFilter, matchesPropertyFilters, readPath } from '@nudgeflow/segments';

/**
 * The events a run has received, in arrival order, and which of them a wait may still use. Pure (no
 * Temporal imports) so it is unit-tested directly and behaves identically on replay.
 *
 * Why a cursor instead of "events since the wait began": the dispatcher delivers the entry event and any
 * event right behind it in the same workflow activation, before the run reaches its first wait; an
 * `Order Completed` that lands while the entry step is being logged must still end "wait for Order
 * Completed". So a wait sees every event after the point where the previous wait ended.
 */

/** How many message ids a run remembers for deduplication; the dispatcher's retries are recent. */
export const SEEN_MESSAGE_IDS_LIMIT = 500;

export function matchesEvent(event: RunEvent, matcher: EventMatcher): boolean {
  return event.name === matcher.event && matchesPropertyFilters(event.properties, matcher.where);
}

/** Whether `event` carries the same value as the entry event at `key` (e.g. the same cart_id). */
export function matchesEntryKey(event: RunEvent, entryEvent: RunEvent | undefined, key: string): boolean {
  const expected = readPath(entryEvent?.properties ?? {}, key);
  if (expected === undefined || expected === null || typeof expected === 'object') return false;
  return matchesPropertyFilter(event.properties, {
    path: key,
    op: 'eq',
    value: expected as string | number | boolean,
  });
}

export class RunInbox {
  private readonly seen: string[];
  private readonly seenSet: Set<string>;
  /** Events not yet passed by a wait, oldest first. */
  private pending: RunEvent[];

  constructor(seenMessageIds: readonly string[] = [], pending: readonly RunEvent[] = []) {
    this.seen = [...seenMessageIds];
    this.seenSet = new Set(seenMessageIds);
    this.pending = [...pending];
  }

  /**
   * Records the event; false when its messageId was already seen (a redelivery). `position` puts it among
   * the pending events instead of last (an event recovered after continueAsNew goes before the ones that
   * reached the new execution first).
   */
  accept(event: RunEvent, position?: number): boolean {
    if (this.seenSet.has(event.messageId)) return false;
    this.seen.push(event.messageId);
    this.seenSet.add(event.messageId);
    if (this.seen.length > SEEN_MESSAGE_IDS_LIMIT) {
      const dropped = this.seen.splice(0, this.seen.length - SEEN_MESSAGE_IDS_LIMIT);
      for (const id of dropped) this.seenSet.delete(id);
    }
    if (position === undefined || position >= this.pending.length) this.pending.push(event);
    else this.pending.splice(Math.max(0, position), 0, event);
    return true;
  }

  /** Marks an id seen without buffering it (the entry event: it started the run, it cannot end a wait). */
  markSeen(messageId: string): void {
    if (this.seenSet.has(messageId)) {
      this.pending = this.pending.filter((event) => event.messageId !== messageId);
      return;
    }
    this.seen.push(messageId);
    this.seenSet.add(messageId);
  }

  /** The first pending event `test` accepts, with its position, without consuming it. */
  find<T>(
    test: (event: RunEvent) => T | undefined,
  ): { event: RunEvent; match: T; index: number } | undefined {
    for (let index = 0; index < this.pending.length; index++) {
      const event = this.pending[index]!;
      const match = test(event);
      if (match !== undefined) return { event, match, index };
    }
    return undefined;
  }

  /** Drops everything up to and including `index` (a wait used that event), or everything. */
  advance(index = this.pending.length - 1): void {
    this.pending = this.pending.slice(index + 1);
  }

  get size(): number {
    return this.pending.length;
  }

  snapshot(): { seenMessageIds: string[]; pendingEvents: RunEvent[] } {
    return { seenMessageIds: [...this.seen], pendingEvents: [...this.pending] };
  }
}

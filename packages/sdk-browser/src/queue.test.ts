import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  buildBatches,
  classifyStatus,
  EventQueue,
  MAX_BATCH_BYTES,
  type QueuedEvent,
  type TransportResponse,
} from './queue';
import type { SegmentEvent } from './types';

function event(n: number, extra = ''): SegmentEvent {
  return {
    type: 'track',
    event: `Event ${n}`,
    messageId: `m-${n}`,
    anonymousId: 'anon',
    properties: extra ? { extra } : {},
    context: { library: { name: 'test', version: '0' } },
    timestamp: new Date(0).toISOString(),
  };
}

/** A manual clock: timers run only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    pending,
    setTimer: (fn: () => void, ms: number) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimer: (handle: unknown) => void pending.delete(handle as number),
    runAll: () => {
      const due = [...pending.values()];
      pending.clear();
      due.forEach(({ fn }) => fn());
    },
  };
}

function harness(responses: TransportResponse[], initial: QueuedEvent[] = []) {
  const sent: { batch: SegmentEvent[]; writeKey: string }[] = [];
  let saved: QueuedEvent[] = initial;
  const dropped: string[] = [];
  const timers = manualTimers();
  const queue = new EventQueue({
    writeKey: 'wk_test',
    flushAt: 3,
    flushIntervalMs: 1000,
    maxRetries: 2,
    transport: async (body) => {
      sent.push(JSON.parse(body) as { batch: SegmentEvent[]; writeKey: string });
      return responses.shift() ?? { status: 200 };
    },
    storage: { load: () => initial, save: (events) => void (saved = events.map((e) => ({ ...e }))) },
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    random: () => 0.5,
    onDrop: (events, reason) => dropped.push(`${events.map((e) => e.messageId).join(',')}: ${reason}`),
  });
  return { queue, sent, saved: () => saved, dropped, timers };
}

describe('EventQueue', () => {
  it('batches events with the write key and clears storage once the server accepts them', async () => {
    const { queue, sent, saved } = harness([{ status: 200 }]);
    queue.enqueue(event(1));
    queue.enqueue(event(2));
    expect(saved()).toHaveLength(2);
    await queue.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.writeKey).toBe('wk_test');
    expect(sent[0]!.batch.map((e) => e.messageId)).toEqual(['m-1', 'm-2']);
    expect(saved()).toHaveLength(0);
    expect(queue.size).toBe(0);
  });

  it('schedules an immediate flush at flushAt and a delayed one below it', () => {
    const { queue, timers } = harness([]);
    queue.enqueue(event(1));
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([1000]);
    queue.enqueue(event(2));
    queue.enqueue(event(3));
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([0]);
  });

  it('keeps events and backs off on 429 and 5xx, honouring Retry-After', async () => {
    const { queue, sent, saved, timers } = harness([{ status: 503 }, { status: 429, retryAfterSeconds: 30 }]);
    queue.enqueue(event(1));
    await queue.flush();
    expect(queue.size).toBe(1);
    expect(saved()[0]!.attempts).toBe(1);
    expect([...timers.pending.values()][0]!.ms).toBe(750);
    await queue.flush();
    expect([...timers.pending.values()][0]!.ms).toBe(30_000);
    await queue.flush();
    expect(sent.map((s) => s.batch[0]!.messageId)).toEqual(['m-1', 'm-1', 'm-1']);
    expect(queue.size).toBe(0);
  });

  it('drops a batch the server rejects with 400 and keeps going', async () => {
    const { queue, dropped, saved } = harness([{ status: 400 }]);
    queue.enqueue(event(1));
    await queue.flush();
    expect(queue.size).toBe(0);
    expect(saved()).toEqual([]);
    expect(dropped).toEqual(['m-1: rejected by the server with status 400']);
  });

  it('treats a network error as retryable and gives up after maxRetries', async () => {
    const { queue, dropped } = harness([{ status: 0 }, { status: 500 }, { status: 502 }]);
    queue.enqueue(event(1));
    await queue.flush();
    await queue.flush();
    expect(queue.size).toBe(1);
    await queue.flush();
    expect(queue.size).toBe(0);
    expect(dropped).toEqual(['m-1: gave up after 2 retries']);
  });

  it('sends events persisted by an earlier page load', async () => {
    const { queue, sent, timers } = harness([], [{ event: event(7), attempts: 1 }]);
    expect(queue.size).toBe(1);
    timers.runAll();
    await queue.flush();
    expect(sent.flatMap((s) => s.batch.map((e) => e.messageId))).toEqual(['m-7']);
  });

  it('drops a single event over 32 KB at enqueue', () => {
    const { queue, dropped } = harness([]);
    queue.enqueue(event(1, 'x'.repeat(33 * 1024)));
    expect(queue.size).toBe(0);
    expect(dropped[0]).toMatch(/larger than 32768 bytes/);
  });
});

describe('queue helpers', () => {
  it('classifies statuses the way Segment clients do', () => {
    expect([200, 204, 400, 401, 413, 408, 429, 500, 503, 0].map(classifyStatus)).toEqual([
      'sent',
      'sent',
      'dropped',
      'dropped',
      'dropped',
      'retry',
      'retry',
      'retry',
      'retry',
      'retry',
    ]);
  });

  it('grows the backoff exponentially up to a minute', () => {
    expect([1, 2, 3, 10].map((attempt) => backoffMs(attempt, () => 1))).toEqual([1000, 2000, 4000, 60_000]);
    expect(backoffMs(1, () => 0)).toBe(500);
  });

  it('splits batches under the byte limit', () => {
    const events = Array.from({ length: 40 }, (_, i) => ({
      event: event(i, 'y'.repeat(30_000)),
      attempts: 0,
    }));
    const batches = buildBatches(events, MAX_BATCH_BYTES);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.flat()).toHaveLength(40);
    for (const batch of batches)
      expect(JSON.stringify(batch.map((q) => q.event)).length).toBeLessThan(MAX_BATCH_BYTES);
  });
});

import type { Client } from '@temporalio/client';
import type { Logger } from '@nudgeflow/config';
import {
  claimOutboxBatch,
  deferOutboxEntry,
  markOutboxDispatched,
  openOutboxListener,
  type Db,
  type OutboxEntryRow,
  type OutboxListener,
} from '@nudgeflow/db';
import { dispatchToJourneys, type CustomerEvent } from './journey-entry';

/**
 * Drains the outbox: every committed event reaches its consumers and journeys at least once, in order per
 * customer. Rows are marked dispatched only after every consumer and Temporal accepted the event; a failure
 * (Temporal down, a consumer's error) puts the row back with exponential backoff, and the customer's later
 * rows wait behind it. A LISTEN connection wakes the loop as soon as a row commits; polling covers missed
 * notifications and backoff expiry.
 *
 * One dispatcher per scope is active at a time (a session advisory lock); others stand by and take over
 * when its connection drops. Within the active one, different customers are processed concurrently.
 */

export interface DispatchedEvent extends CustomerEvent {
  outboxId: string;
  type: string;
}

export interface ConsumerContext {
  db: Db;
  log: Logger;
}

/**
 * Something else that must see every event before journeys do — the segments engine re-evaluates the
 * customer's memberships and appends `Segment Entered`/`Segment Exited` events (through `emitEvent`, which
 * gives them their own outbox rows). Consumers run at least once per event, so they must be idempotent.
 */
export interface EventConsumer {
  name: string;
  handle(event: DispatchedEvent, ctx: ConsumerContext): Promise<void>;
}

export interface DispatcherOptions {
  db: Db;
  client: Client;
  /** Task queue journeyRun workflows are started on. */
  taskQueue: string;
  log: Logger;
  consumers?: EventConsumer[];
  /** Only this workspace's rows (tests); all workspaces when absent. */
  workspaceId?: string;
  batchSize?: number;
  /**
   * Customers processed at the same time (default 48). Dispatch waits on Postgres and Temporal round trips,
   * not CPU: on the journey bench (same server, same run) 16 → 48 took a 300-entry burst from ~18 to ~24
   * entries/s; the database pool (20 in main.ts) queues what exceeds it.
   */
  concurrency?: number;
  pollIntervalMs?: number;
  /** Upper bound of the retry backoff; it starts at 250 ms and doubles per attempt. */
  maxBackoffMs?: number;
  /** Per-event limit on Temporal and consumer calls, so a hung connection counts as a failure. */
  eventTimeoutMs?: number;
}

export interface Dispatcher {
  /** Wakes the loop now (in-process writers can call this instead of waiting for NOTIFY). */
  wake(): void;
  stop(): Promise<void>;
}

export function backoffMs(attempts: number, maxMs: number): number {
  const base = Math.min(maxMs, 250 * 2 ** Math.min(attempts, 20));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

function toEvent(row: OutboxEntryRow): DispatchedEvent {
  return {
    outboxId: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    messageId: row.payload.messageId,
    type: row.payload.type,
    name: row.payload.name ?? '',
    properties: row.payload.properties ?? {},
    timestamp: row.payload.timestamp,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function startDispatcher(options: DispatcherOptions): Promise<Dispatcher> {
  const { db, client, log } = options;
  const consumers = options.consumers ?? [];
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 48;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const eventTimeoutMs = options.eventTimeoutMs ?? 15_000;

  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wakeUp = null;
      woken = false;
    });

  const listener: OutboxListener = await openOutboxListener(db, {
    scope: options.workspaceId ? `workspace:${options.workspaceId}` : 'all',
    onNotify: wake,
    onError: (error) => log.warn({ err: error }, 'outbox listener connection failed'),
  });

  async function dispatchOne(row: OutboxEntryRow): Promise<void> {
    const event = toEvent(row);
    if (row.kind !== 'event') return;
    for (const consumer of consumers) {
      await withTimeout(consumer.handle(event, { db, log }), eventTimeoutMs, `consumer ${consumer.name}`);
    }
    const result = await withTimeout(
      dispatchToJourneys(db, client, options.taskQueue, event),
      eventTimeoutMs,
      'journey dispatch',
    );
    if (result.started.length > 0 || result.declined.length > 0) {
      log.debug({ messageId: event.messageId, name: event.name, ...result }, 'event dispatched');
    }
  }

  /** One customer's rows, in order; stops at the first failure so later rows cannot overtake it. */
  async function dispatchCustomer(rows: OutboxEntryRow[]): Promise<void> {
    const done: string[] = [];
    try {
      for (const row of rows) {
        try {
          await dispatchOne(row);
          done.push(row.id);
        } catch (error) {
          const delay = backoffMs(row.attempts, maxBackoffMs);
          const message = error instanceof Error ? error.message : String(error);
          log.warn(
            { outboxId: row.id, attempts: row.attempts + 1, retryInMs: delay, err: message },
            'dispatch failed, will retry',
          );
          await deferOutboxEntry(db, row.id, message, new Date(Date.now() + delay));
          return;
        }
      }
    } finally {
      await markOutboxDispatched(db, done);
    }
  }

  async function drainOnce(): Promise<number> {
    const rows = await claimOutboxBatch(db, {
      limit: batchSize,
      ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
    });
    if (rows.length === 0) return 0;
    const byCustomer = new Map<string, OutboxEntryRow[]>();
    for (const row of rows) {
      const list = byCustomer.get(row.customerId) ?? [];
      list.push(row);
      byCustomer.set(row.customerId, list);
    }
    const queue = [...byCustomer.values()];
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await dispatchCustomer(next);
      }),
    );
    return rows.length;
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        if (!(await listener.lead())) {
          await idle(pollIntervalMs * 5);
          continue;
        }
        const count = await drainOnce();
        failures = 0;
        // A full batch means more is waiting; otherwise sleep until NOTIFY or the next poll.
        if (count < batchSize) await idle(pollIntervalMs);
      } catch (error) {
        failures++;
        log.error({ err: error }, 'dispatcher loop failed');
        await idle(backoffMs(failures, maxBackoffMs));
      }
    }
  })();

  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await loop;
      await listener.close();
    },
  };
}

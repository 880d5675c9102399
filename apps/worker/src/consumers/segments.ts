import type { Logger } from '@nudgeflow/config';
import {
  evaluateCustomerSegments,
  markLapsedCustomers,
  sweepTimeBasedSegments,
  type Db,
} from '@nudgeflow/db';
import type { EventConsumer } from '../dispatcher';

/**
 * Real-time segments: on every event, re-evaluate that customer's memberships of the workspace's segments
 * (only that customer's facts are read, through per-customer indexes) and record the changes, each with a
 * `Segment Entered` / `Segment Exited` event in the same transaction. Those events get outbox rows of their
 * own, so the dispatcher hands them to journeys (segment triggers, waits) right after this event.
 *
 * Idempotent as the dispatcher requires: a redelivered event finds the memberships already changed and
 * writes nothing.
 */
export function createSegmentsConsumer(options: { now?: () => Date } = {}): EventConsumer {
  const now = options.now ?? (() => new Date());
  return {
    name: 'segments',
    async handle(event, { db, log }) {
      const changes = await evaluateCustomerSegments(db, event.workspaceId, event.customerId, now());
      if (changes.length > 0) {
        log.debug(
          {
            customerId: event.customerId,
            changes: changes.map((c) => ({ segmentId: c.segmentId, entered: c.entered })),
          },
          'segment memberships changed',
        );
      }
    },
  };
}

export interface SegmentSweep {
  /** Runs one sweep now (tests, or an operator's "recompute"), after any sweep in progress. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The scheduled sweep for time-based segments ("no visit for 6 weeks" changes with no event). A plain
 * interval loop in the worker rather than a Temporal schedule: each sweep is one set-based statement per
 * segment, idempotent and serialised per segment by an advisory lock, so several workers sweeping at once
 * only repeat a no-op, and nothing about it needs a workflow's durability — a missed tick is made up by
 * the next one.
 */
export function startSegmentSweep(options: {
  db: Db;
  log: Logger;
  intervalMs?: number;
  now?: () => Date;
  /** Only this workspace's segments (tests); every workspace when absent. */
  workspaceId?: string;
}): SegmentSweep {
  const intervalMs = options.intervalMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  let current: Promise<void> = Promise.resolve();
  let stopped = false;

  const sweep = async () => {
    const started = Date.now();
    try {
      const at = now();
      const scope = options.workspaceId ? { workspaceId: options.workspaceId } : {};
      // Lifecycle first: "lapsed" comes from time passing alone, and segments may test lifecycleStage.
      const lapsed = await markLapsedCustomers(options.db, at, scope);
      for (const customer of lapsed)
        await evaluateCustomerSegments(options.db, customer.workspaceId, customer.customerId, at);
      if (lapsed.length > 0) options.log.info({ lapsed: lapsed.length }, 'customers became lapsed');
      const result = await sweepTimeBasedSegments(options.db, at, scope);
      for (const failure of result.failures) options.log.error(failure, 'segment sweep failed for a segment');
      options.log.debug(
        { segments: result.segments, changes: result.changes.length, ms: Date.now() - started },
        'segment sweep',
      );
    } catch (error) {
      options.log.error({ err: error }, 'segment sweep failed');
    }
  };
  const runOnce = () => {
    current = current.then(sweep);
    return current;
  };
  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}

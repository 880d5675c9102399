import type { Logger } from '@nudgeflow/config';
import { pruneDispatchedOutbox, type Db } from '@nudgeflow/db';

/**
 * How long dispatched outbox rows are kept. Every event writes one, so without pruning the table grows with
 * the event stream forever. A week covers what reads dispatched rows: a run resuming after continueAsNew
 * recovers the events after the newest one it saw (minutes old), and operators looking into a delivery.
 */
export const OUTBOX_RETENTION_DAYS = 7;

export interface OutboxPruner {
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Deletes dispatched rows past retention once shortly after start, then every `intervalMs` (an hour). */
export function startOutboxPruner(options: {
  db: Db;
  log: Logger;
  retentionDays?: number;
  intervalMs?: number;
  now?: () => Date;
}): OutboxPruner {
  const retentionMs = (options.retentionDays ?? OUTBOX_RETENTION_DAYS) * 24 * 60 * 60 * 1000;
  const now = options.now ?? (() => new Date());
  let current: Promise<number> = Promise.resolve(0);
  let stopped = false;

  const prune = async (): Promise<number> => {
    try {
      const deleted = await pruneDispatchedOutbox(options.db, {
        before: new Date(now().getTime() - retentionMs),
      });
      if (deleted > 0) options.log.info({ deleted }, 'pruned dispatched outbox rows');
      return deleted;
    } catch (error) {
      // The next pass retries; a failed prune only leaves rows a little longer.
      options.log.error({ err: error }, 'outbox prune failed');
      return 0;
    }
  };
  const runOnce = () => {
    current = current.then(prune);
    return current;
  };
  const first = setTimeout(() => {
    if (!stopped) void runOnce();
  }, 30_000);
  const timer = setInterval(
    () => {
      if (!stopped) void runOnce();
    },
    options.intervalMs ?? 60 * 60 * 1000,
  );
  first.unref();
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await current;
    },
  };
}

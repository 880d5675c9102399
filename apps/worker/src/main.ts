import { Client, Connection } from '@temporalio/client';
import { createLogger, env } from '@nudgeflow/config';
import { closeDb, createDb } from '@nudgeflow/db';
import { createChannelSender } from './activities/send-message';
import { createSegmentsConsumer, startSegmentSweep } from './consumers/segments';
import { startDispatcher, type EventConsumer } from './dispatcher';
import { startOutboxPruner } from './outbox-retention';
import { ensureRunSearchAttributes } from './run-search-attributes';
import { startJourneyScheduler } from './schedules/scheduler';
import { startWorker } from './worker';

/**
 * The worker process: runs journeyRun workflows and their activities, and the outbox dispatcher. Stops
 * cleanly on SIGTERM/SIGINT: in-flight activities finish, the dispatcher releases its leadership, and
 * anything not yet acknowledged is picked up again by the next process (everything here is at-least-once).
 */
const log = createLogger('worker');

/** Consumers that see every event before journeys do (the segments engine registers here). */
const consumers: EventConsumer[] = [createSegmentsConsumer()];

async function main(): Promise<void> {
  const config = env();
  if (!config.TEMPORAL_ADDRESS)
    throw new Error('TEMPORAL_ADDRESS is not set (npm start sets it for the dev stack)');
  // Activities, the dispatcher and its LISTEN connection share this pool.
  const db = createDb(undefined, { max: 20 });
  // Built-in channels behind the governance-checked, idempotent sender; in development without SMTP_URL
  // this also runs the local SMTP catcher, so email lands in the app's mail view.
  const channels = await createChannelSender({ db });
  const running = await startWorker({
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: { db, sendMessage: channels.sendMessage },
  });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  await ensureRunSearchAttributes(connection, config.TEMPORAL_NAMESPACE, log);
  const dispatcher = await startDispatcher({
    db,
    client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    log: log.child({ component: 'dispatcher' }),
    consumers,
  });
  const segmentSweep = startSegmentSweep({ db, log: log.child({ component: 'segment-sweep' }) });
  // Schedule triggers: every worker runs it; fires are claimed row by row, so entries happen once.
  const scheduler = startJourneyScheduler({ db, log: log.child({ component: 'scheduler' }) });
  const outboxPruner = startOutboxPruner({ db, log: log.child({ component: 'outbox-retention' }) });
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker started');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    (async () => {
      await dispatcher.stop();
      await segmentSweep.stop();
      await scheduler.stop();
      await outboxPruner.stop();
      await running.shutdown();
      await channels.close();
      await connection.close();
      await closeDb(db);
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await running.done;
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'worker failed');
  process.exit(1);
});

/**
 * Journey engine: customer entries per second and event → message-requested latency, through the real
 * path (emitEvent → outbox → dispatcher → signalWithStart → journeyRun → message activity and step log) on
 * the dev stack (embedded Postgres, Temporal dev server on SQLite).
 *
 * Baseline, measured in the same run against the same server: a bare `signalWithStart` of a workflow (the
 * Temporal floor of an entry) and a one-activity workflow round trip (the floor of "something happened").
 *
 * Run: npm run bench -- journey (or `node --import tsx bench/journey.bench.ts`) → bench/results/journey.json
 * Sizes: BENCH_JOURNEY_ENTRIES (default 300), BENCH_JOURNEY_LATENCY_SAMPLES (default 40).
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import {
  freePort,
  makeTempDir,
  startPostgres,
  startTemporal,
  type PostgresHandle,
} from '@nudgeflow/devstack';
import { summarise, timeEach, writeResult } from './harness';

const ENTRIES = Number(process.env.BENCH_JOURNEY_ENTRIES ?? 300);
const LATENCY_SAMPLES = Number(process.env.BENCH_JOURNEY_LATENCY_SAMPLES ?? 40);
const DATABASE = 'nudgeflow_bench_journey';

Runtime.install({ logger: new DefaultLogger('WARN') });

const temp = makeTempDir('nudgeflow-bench-journey');
const temporal = await startTemporal({ dbFile: path.join(temp, 'temporal.db') });
let postgres: PostgresHandle | undefined;
let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  postgres = await startPostgres({ dataDir: path.join(temp, 'pg'), port: await freePort() });
  serverUrl = postgres.url('postgres');
}
const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DATABASE}`);
await admin.end();
const databaseUrl = new URL(serverUrl);
databaseUrl.pathname = `/${DATABASE}`;
// Modules read their configuration through env() on first use; this script is their process.
process.env.DATABASE_URL = databaseUrl.toString();
process.env.TEMPORAL_ADDRESS = temporal.address;
process.env.LOG_LEVEL ??= 'warn';
process.env.NODE_ENV ??= 'production';

const { migrate } = await import('@nudgeflow/db');
await migrate(databaseUrl.toString());
const { startJourneyHarness, node } = await import('@nudgeflow/worker/testing/journey-harness');
const h = await startJourneyHarness();

try {
  const { journeyId } = await h.publish({
    name: 'Bench',
    settings: { entry: { reentry: { mode: 'always' }, uniqueBy: null } },
    nodes: [
      node('start', 'trigger.event', { event: 'Bench Start', where: [] }, { default: 'send' }),
      node(
        'send',
        'message',
        { channels: [{ channel: 'in_app', templateId: 'bench' }], topicKey: 'marketing' },
        { sent: null, skipped: null },
      ),
    ],
  });
  const requested = () => h.db.journeyStep.count({ where: { journeyId, kind: 'message_requested' } });
  const customers = await Promise.all(
    Array.from({ length: ENTRIES + LATENCY_SAMPLES + 20 }, () => h.createCustomer()),
  );
  let next = 0;

  // Warm-up: connections, the workflow cache, Postgres plans.
  const warm = customers.slice(next, (next += 20));
  await h.emit(warm.map((customerId) => ({ customerId, name: 'Bench Start' })));
  await h.waitFor(async () => (await requested()) >= warm.length, 'warm-up', 120_000);

  // Latency: one event at a time, from emitEvent's call to the message_requested step being written.
  const latency: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const customerId = customers[next++]!;
    const started = Date.now();
    await h.emit({ customerId, name: 'Bench Start' });
    const step = await h.waitFor(
      () =>
        h.db.journeyStep
          .findFirst({ where: { journeyId, kind: 'message_requested', run: { customerId } } })
          .then((s) => s ?? undefined),
      'the message request',
      60_000,
    );
    latency.push(step.at.getTime() - started);
  }
  const latencySummary = summarise(latency);

  // Throughput: a burst of entries committed in one transaction, until every message is requested.
  const burst = customers.slice(next, (next += ENTRIES));
  const before = await requested();
  const burstStarted = performance.now();
  await h.emit(burst.map((customerId) => ({ customerId, name: 'Bench Start' })));
  await h.waitFor(async () => (await requested()) >= before + burst.length, 'the burst', 600_000);
  const burstSeconds = (performance.now() - burstStarted) / 1000;

  // Baselines on the same server: the bare Temporal cost of an entry, and of a one-activity round trip.
  const signalWithStart = summarise(
    await timeEach(LATENCY_SAMPLES, () =>
      h.client.workflow.signalWithStart('ping', {
        taskQueue: `${h.taskQueue}-idle`,
        workflowId: `bench-sws-${randomUUID()}`,
        args: ['x'],
        signal: 'noop',
        signalArgs: [],
      }),
    ),
  );
  const pingRoundTrip = summarise(
    await timeEach(LATENCY_SAMPLES, () =>
      h.client.workflow.execute('ping', {
        taskQueue: h.taskQueue,
        workflowId: `bench-ping-${randomUUID()}`,
        args: ['x'],
      }),
    ),
  );

  // Throughput floor: one-activity workflows started and awaited 50 at a time.
  const concurrentCount = Math.min(ENTRIES, 100);
  const concurrentStarted = performance.now();
  let launched = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (launched < concurrentCount) {
        launched++;
        await h.client.workflow.execute('ping', {
          taskQueue: h.taskQueue,
          workflowId: `bench-ping-${randomUUID()}`,
          args: ['x'],
        });
      }
    }),
  );
  const roundTripsPerSecond =
    Math.round((concurrentCount / ((performance.now() - concurrentStarted) / 1000)) * 10) / 10;

  const entriesPerSecond = Math.round((burst.length / burstSeconds) * 10) / 10;
  const file = writeResult({
    name: 'journey',
    description:
      'Customer entries per second (a burst of events through outbox, dispatcher, signalWithStart, journeyRun and its message activity) and event → message-requested latency, against a bare signalWithStart and a one-activity workflow round trip on the same Temporal dev server in the same run. ' +
      'Before the dev-server tuning (packages/devstack/src/temporal.ts) and dispatcher concurrency 16 → 48, this bench gave 16.5 entries/s, latency p50 108 ms and round trip p50 150 ms (2026-11-23 21:23, load 2.7); ' +
      'with the stock server and concurrency 16 re-measured at 22:43 the same day (load 2.6): 19.2 entries/s, p50 98 ms, round trip p50 150 ms.',
    figures: {
      entriesPerSecond,
      burstEntries: burst.length,
      eventToMessageRequestedP50Ms: latencySummary.p50,
      eventToMessageRequestedP95Ms: latencySummary.p95,
      eventToMessageRequestedP99Ms: latencySummary.p99,
      latencySamples: latency.length,
    },
    baseline: {
      signalWithStartP50Ms: signalWithStart.p50,
      signalWithStartP99Ms: signalWithStart.p99,
      oneActivityRoundTripP50Ms: pingRoundTrip.p50,
      oneActivityRoundTripP99Ms: pingRoundTrip.p99,
      oneActivityRoundTripsPerSecond: roundTripsPerSecond,
    },
    ratios: {
      entriesPerSecondOverRoundTripsPerSecond:
        Math.round((entriesPerSecond / Math.max(0.01, roundTripsPerSecond)) * 100) / 100,
      latencyP50OverRoundTripP50:
        Math.round((latencySummary.p50 / Math.max(0.01, pingRoundTrip.p50)) * 100) / 100,
      latencyP50OverSignalWithStartP50:
        Math.round((latencySummary.p50 / Math.max(0.01, signalWithStart.p50)) * 100) / 100,
    },
  });
  console.log(`wrote ${file}`);
} finally {
  await h.close();
  await temporal.stop();
  await postgres?.stop();
}
process.exit(0);

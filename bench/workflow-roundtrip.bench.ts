/**
 * Workflow round trip: start a one-activity workflow and wait for its result, through a real worker on a
 * Temporal dev server (SQLite-backed, as `npm start` runs it). This is the floor under every journey step.
 *
 * Baselines, measured in the same run:
 *   - describeNamespace: one bare gRPC call (the network + frontend floor);
 *   - start only: `client.workflow.start` without waiting (the persistence floor of a start);
 *   - the same round trips on a stock dev server (`startTemporal({ stock: true })`: no SQLite pragmas, no
 *     dynamic config), i.e. what packages/devstack ran before its server tuning.
 *
 * Run: npm run bench (or `node --import tsx bench/workflow-roundtrip.bench.ts`) → bench/results/workflow-roundtrip.json
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { makeTempDir, startTemporal } from '@nudgeflow/devstack';
import * as activities from './workflow-roundtrip.activities';
import { summarise, timeEach, writeResult } from './harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEQUENTIAL = Number(process.env.BENCH_ROUNDTRIPS ?? 200);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 200);
const CONCURRENCY = 50;
const WARMUP = 20;

Runtime.install({ logger: new DefaultLogger((process.env.BENCH_LOG_LEVEL ?? 'WARN') as 'WARN') });

interface Measured {
  describe: ReturnType<typeof summarise>;
  startOnly: ReturnType<typeof summarise>;
  sequential: ReturnType<typeof summarise>;
  perSecond: number;
}

/** Round trips, sequential and 50 at a time, on a fresh dev server started as devstack starts it. */
async function measure(stock: boolean): Promise<Measured> {
  const temporal = await startTemporal({
    dbFile: path.join(makeTempDir('nudgeflow-bench'), 'temporal.db'),
    stock,
  });
  const taskQueue = `bench-roundtrip-${Date.now()}`;
  const workerConnection = await NativeConnection.connect({ address: temporal.address });
  const connection = await Connection.connect({ address: temporal.address });
  try {
    const worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: path.join(here, 'workflow-roundtrip.workflows.ts'),
      activities,
    });
    const client = new Client({ connection });
    let sequence = 0;
    const nextId = () => `${taskQueue}-${sequence++}`;
    const roundTrip = () =>
      client.workflow.execute('roundTrip', { taskQueue, workflowId: nextId(), args: ['ping'] });
    const running = worker.run();

    // Warm-up: first calls pay for connection set-up, workflow bundle loading and SQLite page cache.
    for (let index = 0; index < WARMUP; index++) await roundTrip();
    await timeEach(WARMUP, () => connection.workflowService.describeNamespace({ namespace: 'default' }));

    const describe = summarise(
      await timeEach(SEQUENTIAL, () =>
        connection.workflowService.describeNamespace({ namespace: 'default' }),
      ),
    );
    // Started on a queue no worker polls: the start is acknowledged once persisted, nothing runs.
    const idleQueue = `${taskQueue}-idle`;
    const startOnly = summarise(
      await timeEach(SEQUENTIAL, () =>
        client.workflow.start('roundTrip', { taskQueue: idleQueue, workflowId: nextId(), args: ['x'] }),
      ),
    );
    const sequential = summarise(await timeEach(SEQUENTIAL, roundTrip));

    const concurrentStarted = performance.now();
    let remaining = CONCURRENT;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining > 0) {
          remaining--;
          await roundTrip();
        }
      }),
    );
    const concurrentSeconds = (performance.now() - concurrentStarted) / 1000;
    worker.shutdown();
    await running;
    return {
      describe,
      startOnly,
      sequential,
      perSecond: Math.round((CONCURRENT / concurrentSeconds) * 10) / 10,
    };
  } finally {
    await connection.close();
    await workerConnection.close();
    await temporal.stop();
  }
}

const tuned = await measure(false);
const stock = await measure(true);

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const file = writeResult({
  name: 'workflow-roundtrip',
  description:
    'A one-activity workflow started and awaited through a real worker on the Temporal dev server (SQLite) as packages/devstack starts it, ' +
    'against a bare gRPC DescribeNamespace, a workflow start without waiting, and the same round trips on a stock dev server, in the same run. ' +
    'The tuning: the history transfer/timer queue readers poll up to 1,000 times a second instead of 20 (each task waited ~30 ms for the next poll, three times per round trip), and SQLite runs in WAL mode with synchronous=normal.',
  figures: {
    roundTripP50Ms: tuned.sequential.p50,
    roundTripP95Ms: tuned.sequential.p95,
    roundTripP99Ms: tuned.sequential.p99,
    roundTripMeanMs: tuned.sequential.mean,
    concurrentRoundTripsPerSecond: tuned.perSecond,
    startOnlyP50Ms: tuned.startOnly.p50,
    concurrency: CONCURRENCY,
    samples: SEQUENTIAL,
  },
  baseline: {
    describeNamespaceP50Ms: tuned.describe.p50,
    describeNamespaceP95Ms: tuned.describe.p95,
    stockServerRoundTripP50Ms: stock.sequential.p50,
    stockServerRoundTripP95Ms: stock.sequential.p95,
    stockServerConcurrentRoundTripsPerSecond: stock.perSecond,
    stockServerStartOnlyP50Ms: stock.startOnly.p50,
    stockServerStartOnlyP95Ms: stock.startOnly.p95,
  },
  ratios: {
    roundTripP50OverStartOnlyP50: ratio(tuned.sequential.p50, tuned.startOnly.p50),
    roundTripP50OverDescribeNamespaceP50: ratio(tuned.sequential.p50, tuned.describe.p50),
    stockServerOverTunedRoundTripP50: ratio(stock.sequential.p50, tuned.sequential.p50),
    tunedOverStockConcurrentThroughput: ratio(tuned.perSecond, stock.perSecond),
    stockServerOverTunedStartOnlyP50: ratio(stock.startOnly.p50, tuned.startOnly.p50),
  },
});
process.stdout.write(
  `workflow-roundtrip: p50 ${tuned.sequential.p50} ms (stock server ${stock.sequential.p50} ms), ${tuned.perSecond}/s at ${CONCURRENCY} concurrent (stock ${stock.perSecond}/s) → ${file}\n`,
);

/**
 * Workflow round trip: start a one-activity workflow and wait for its result, through a real worker on a
 * Temporal dev server (SQLite-backed, as `npm start` runs it). This is the floor under every journey step.
 *
 * Baselines, measured in the same run against the same server:
 *   - describeNamespace: one bare gRPC call (the network + frontend floor);
 *   - start only: `client.workflow.start` without waiting (the persistence floor of a start).
 *
 * Run: npm run bench (or `node --import tsx bench/workflow-roundtrip.bench.ts`) → bench/results/workflow-roundtrip.json
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { makeTempDir, startTemporal } from '../packages/devstack/src/index';
import * as activities from './workflow-roundtrip.activities';
import { summarise, timeEach, writeResult } from './harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEQUENTIAL = Number(process.env.BENCH_ROUNDTRIPS ?? 200);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 200);
const CONCURRENCY = 50;
const WARMUP = 20;

Runtime.install({ logger: new DefaultLogger((process.env.BENCH_LOG_LEVEL ?? 'WARN') as 'WARN') });

const temporal = await startTemporal({ dbFile: path.join(makeTempDir('nudgeflow-bench'), 'temporal.db') });
const taskQueue = `bench-roundtrip-${Date.now()}`;
const workerConnection = await NativeConnection.connect({ address: temporal.address });
const worker = await Worker.create({
  connection: workerConnection,
  taskQueue,
  workflowsPath: path.join(here, 'workflow-roundtrip.workflows.ts'),
  activities,
});
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection });

let sequence = 0;
const nextId = () => `${taskQueue}-${sequence++}`;
const roundTrip = () =>
  client.workflow.execute('roundTrip', { taskQueue, workflowId: nextId(), args: ['ping'] });

try {
  const running = worker.run();

  // Warm-up: first calls pay for connection set-up, workflow bundle loading and SQLite page cache.
  for (let index = 0; index < WARMUP; index++) await roundTrip();
  await timeEach(WARMUP, () => connection.workflowService.describeNamespace({ namespace: 'default' }));

  const describe = summarise(
    await timeEach(SEQUENTIAL, () => connection.workflowService.describeNamespace({ namespace: 'default' })),
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
  const perSecond = Math.round((CONCURRENT / concurrentSeconds) * 10) / 10;

  worker.shutdown();
  await running;

  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const file = writeResult({
    name: 'workflow-roundtrip',
    description:
      'A one-activity workflow started and awaited through a real worker on the Temporal dev server (SQLite), ' +
      'against a bare gRPC DescribeNamespace and a workflow start without waiting, on the same server in the same run.',
    figures: {
      roundTripP50Ms: sequential.p50,
      roundTripP95Ms: sequential.p95,
      roundTripP99Ms: sequential.p99,
      roundTripMeanMs: sequential.mean,
      concurrentRoundTripsPerSecond: perSecond,
      concurrency: CONCURRENCY,
      samples: SEQUENTIAL,
    },
    baseline: {
      describeNamespaceP50Ms: describe.p50,
      describeNamespaceP95Ms: describe.p95,
      startOnlyP50Ms: startOnly.p50,
      startOnlyP95Ms: startOnly.p95,
    },
    ratios: {
      roundTripP50OverStartOnlyP50: ratio(sequential.p50, startOnly.p50),
      roundTripP50OverDescribeNamespaceP50: ratio(sequential.p50, describe.p50),
    },
  });
  process.stdout.write(
    `workflow-roundtrip: p50 ${sequential.p50} ms, p95 ${sequential.p95} ms, ${perSecond}/s at ${CONCURRENCY} concurrent → ${file}\n`,
  );
} finally {
  await connection.close();
  await workerConnection.close();
  await temporal.stop();
}

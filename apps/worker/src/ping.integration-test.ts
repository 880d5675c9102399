import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { env } from '@nudgeflow/config';
import { closeDb, createDb, type Db } from '@nudgeflow/db';
import type { ping } from '@nudgeflow/workflows';
import { startWorker, type RunningWorker } from './worker';

let running: RunningWorker;
let connection: Connection;
let db: Db;
const taskQueue = `ping-${randomUUID()}`;

beforeAll(async () => {
  const address = env().TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS must be set for integration tests');
  db = createDb();
  running = await startWorker({ address, taskQueue, activities: { db } });
  connection = await Connection.connect({ address });
});

afterAll(async () => {
  await connection?.close();
  await running?.shutdown();
  if (db) await closeDb(db);
});

test('a workflow round-trips through the worker and its activity', async () => {
  const client = new Client({ connection });
  const result = await client.workflow.execute<typeof ping>('ping', {
    taskQueue,
    workflowId: `ping-${randomUUID()}`,
    args: ['hello'],
  });
  expect(result).toBe('pong: hello');
});

import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createLogger, env } from '@nudgeflow/config';
import { closeDb, createDb, emitEvent, type Db, type EmitEventInput } from '@nudgeflow/db';
import { createTestWorkspace, type Prisma } from '@nudgeflow/db/testing';
import {
  DEFINITION_SCHEMA_VERSION,
  JourneyDefinition,
  type CompiledNode,
  type JourneySettings,
} from '@nudgeflow/journey';
import { startDispatcher, type Dispatcher, type EventConsumer } from '../dispatcher';
import type { MessageSender } from '../activities';
import { bundleJourneyWorkflows, startWorker, type RunningWorker } from '../worker';

/**
 * A journey engine of its own for one integration test: a workspace, an in-process worker and dispatcher
 * on a unique task queue, over the Postgres and Temporal that the test command provides.
 */
export interface JourneyHarness {
  db: Db;
  client: Client;
  connection: Connection;
  workspaceId: string;
  taskQueue: string;
  worker: RunningWorker | null;
  dispatcher: Dispatcher | null;
  createCustomer(data?: Partial<Prisma.CustomerUncheckedCreateInput>): Promise<string>;
  publish(input: {
    name?: string;
    settings?: Partial<JourneySettings>;
    nodes: CompiledNode[];
    journeyId?: string;
  }): Promise<JourneyDefinition>;
  emit(input: Omit<EmitEventInput, 'workspaceId'> | Omit<EmitEventInput, 'workspaceId'>[]): Promise<void>;
  /** Polls `check` until it returns a value other than undefined/false. */
  waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * One webpack bundle per test process, shared by every worker the tests start: the same bundle the worker
 * builds in production (without the modules workflows never use), so tests and benchmarks run what ships.
 */
export function sharedWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleJourneyWorkflows();
  return bundle;
}

export async function startJourneyHarness(
  options: {
    sendMessage?: MessageSender;
    consumers?: EventConsumer[];
    maxBackoffMs?: number;
    client?: Client;
    /** false: no in-process worker and dispatcher (the test runs the worker process itself). */
    inProcess?: boolean;
  } = {},
): Promise<JourneyHarness> {
  const address = env().TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS must be set for integration tests');
  const db = createDb(undefined, { max: 20 });
  const workspace = await createTestWorkspace(db);
  const taskQueue = `journeys-${randomUUID()}`;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const inProcess = options.inProcess ?? true;
  const worker = !inProcess
    ? null
    : await startWorker({
        address,
        taskQueue,
        activities: { db, ...(options.sendMessage ? { sendMessage: options.sendMessage } : {}) },
        workflowBundle: await sharedWorkflowBundle(),
      });
  const dispatcher = !inProcess
    ? null
    : await startDispatcher({
        db,
        client: options.client ?? client,
        taskQueue,
        log: createLogger('dispatcher-test'),
        workspaceId: workspace.id,
        pollIntervalMs: 200,
        maxBackoffMs: options.maxBackoffMs ?? 2000,
        eventTimeoutMs: 5000,
        ...(options.consumers ? { consumers: options.consumers } : {}),
      });

  const harness: JourneyHarness = {
    db,
    client,
    connection,
    workspaceId: workspace.id,
    taskQueue,
    worker,
    dispatcher,
    async createCustomer(data = {}) {
      const customer = await db.customer.create({
        data: { workspaceId: workspace.id, userId: randomUUID(), ...data },
      });
      return customer.id;
    },
    async publish(input) {
      const journeyId = input.journeyId ?? randomUUID();
      const existing = await db.journey.findUnique({ where: { id: journeyId }, include: { versions: true } });
      if (!existing) {
        await db.journey.create({
          data: {
            id: journeyId,
            workspaceId: workspace.id,
            name: input.name ?? 'Test journey',
            draft: {},
            status: 'DRAFT',
          },
        });
      }
      const version = (existing?.versions.length ?? 0) + 1;
      const versionId = randomUUID();
      const nodes = Object.fromEntries(input.nodes.map((node) => [node.id, node]));
      const definition = JourneyDefinition.parse({
        schemaVersion: DEFINITION_SCHEMA_VERSION,
        journeyId,
        versionId,
        version,
        name: input.name ?? 'Test journey',
        settings: input.settings ?? {},
        triggerNodeIds: input.nodes.filter((node) => node.kind.startsWith('trigger.')).map((node) => node.id),
        nodes,
      });
      await db.journeyVersion.create({
        data: {
          id: versionId,
          journeyId,
          version,
          definition: definition as unknown as Prisma.InputJsonValue,
          graph: {},
        },
      });
      await db.journey.update({
        where: { id: journeyId },
        data: { status: 'ACTIVE', activeVersionId: versionId },
      });
      return definition;
    },
    async emit(input) {
      const list = Array.isArray(input) ? input : [input];
      await emitEvent(
        db,
        list.map((event) => ({ type: 'TRACK' as const, ...event, workspaceId: workspace.id })),
      );
    },
    async waitFor(check, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await dispatcher?.stop();
      await worker?.shutdown();
      await connection.close();
      await closeDb(db);
    },
  };
  return harness;
}

/** A compiled node, for definitions built directly in tests. */
export function node(
  id: string,
  kind: string,
  config: unknown,
  next: Record<string, string | null> = {},
): CompiledNode {
  return { id, kind, kindVersion: 1, config, next };
}

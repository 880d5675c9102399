import { existsSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { projectRoot } from './project';
import { spawnService, stopService, type ServiceProcess } from './processes';

export const workerEntry = path.join(projectRoot, 'apps', 'worker', 'src', 'main.ts');

export interface StartWorkerOptions {
  env: NodeJS.ProcessEnv;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  logFile?: string;
  echo?: NodeJS.WritableStream;
  /** How long to wait for the worker to poll its task queue (it bundles the workflows first). */
  readyTimeoutMs?: number;
}

export interface WorkerHandle {
  readonly service: ServiceProcess;
  /** False when the worker was still not polling at the deadline (it keeps running; see its log). */
  readonly polling: boolean;
  stop(): Promise<void>;
}

/** Temporal remembers pollers for minutes, so only one seen after `since` counts (not the last run's). */
async function hasWorkflowPollerSince(
  connection: Connection,
  since: number,
  namespace: string,
  taskQueue: string,
) {
  const response = await connection.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  return (response.pollers ?? []).some(
    (poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= since,
  );
}

/**
 * Starts apps/worker (tsx, no wrapper process) and waits until Temporal reports a workflow poller on its task
 * queue: the only honest signal that the worker is up. Resolves `undefined` when the worker does not exist.
 */
export async function startWorker(options: StartWorkerOptions): Promise<WorkerHandle | undefined> {
  if (!existsSync(workerEntry)) return undefined;
  const since = Date.now() - 1000;
  const service = spawnService({
    name: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', workerEntry],
    cwd: projectRoot,
    env: options.env,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.echo ? { echo: options.echo } : {}),
  });
  const stop = () => stopService(service, { signal: 'SIGTERM', graceMs: 4000 });
  const connection = await Connection.connect({ address: options.temporalAddress });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  try {
    for (;;) {
      if (service.hasExited()) {
        throw new Error(`The worker exited during start-up:\n${service.recentOutput()}`);
      }
      if (
        await hasWorkflowPollerSince(connection, since, options.namespace, options.taskQueue).catch(
          () => false,
        )
      ) {
        return { service, polling: true, stop };
      }
      if (Date.now() > deadline) return { service, polling: false, stop };
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await connection.close();
  }
}

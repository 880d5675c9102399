import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { WORKFLOW_BUNDLER_OPTIONS, WORKFLOWS_PATH } from '@nudgeflow/workflows/bundle';
import { createActivities, type ActivityDeps } from './activities';

export { bundleJourneyWorkflows } from '@nudgeflow/workflows/bundle';

export interface StartWorkerOptions {
  address: string;
  namespace?: string;
  taskQueue: string;
  activities: ActivityDeps;
  /** A prebuilt bundle (tests share one across workers to skip webpack); defaults to bundling the workflows package. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Extra worker tuning, e.g. lower concurrency in tests. */
  tuning?: Pick<
    WorkerOptions,
    'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'
  >;
}

export interface RunningWorker {
  worker: Worker;
  connection: NativeConnection;
  /** Resolves when the worker has stopped polling and finished in-flight tasks; rejects if it crashed. */
  done: Promise<void>;
  /** Asks the worker to stop, waits for it, and closes the connection. Safe to call twice. */
  shutdown(): Promise<void>;
}

/**
 * Creates and runs a worker on `taskQueue`. Exported so tests run an in-process worker on a unique queue;
 * `main.ts` uses it for the real process.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: WORKFLOW_BUNDLER_OPTIONS }),
    activities: createActivities(options.activities),
    ...options.tuning,
  });
  const done = worker.run();
  let stopping: Promise<void> | undefined;
  return {
    worker,
    connection,
    done,
    shutdown() {
      stopping ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        try {
          await done;
        } finally {
          await connection.close();
        }
      })();
      return stopping;
    },
  };
}

import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { createRunRecoveryActivities } from './run-recovery';

/** The workflows entry the worker bundles (webpack, TypeScript through swc). */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../../../workflows/src/index.ts', import.meta.url));

/**
 * The SDK evaluates the bundle's modules afresh for every workflow it creates, so each journey run paid
 * for building every zod schema of @nudgeflow/journey and @nudgeflow/segments although the interpreter uses
 * a few constants and pure functions. Their sources are free of import-time side effects, so webpack may
 * leave out the modules whose exports the workflows never use: 150 → 111 modules, and replaying the
 * fixtures takes ~14% less CPU per workflow (25.4 vs 29.7 ms, bench/workflow-bundle.bench.ts).
 */
export const WORKFLOW_BUNDLER_OPTIONS: NonNullable<WorkerOptions['bundlerOptions']> = {
  webpackConfigHook: (config) => ({
    ...config,
    optimization: {
      ...config.optimization,
      sideEffects: true,
      usedExports: true,
      providedExports: true,
      innerGraph: true,
    },
    module: {
      ...config.module,
      rules: [
        ...(config.module?.rules ?? []),
        { test: /[\\/]packages[\\/](journey|segments)[\\/]src[\\/]/, sideEffects: false },
      ],
    },
  }),
};

/** The journey workflows bundled as `startWorker` bundles them (tests share one bundle across workers). */
export function bundleJourneyWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: undefined,
    ...WORKFLOW_BUNDLER_OPTIONS,
  });
}

export interface StartWorkerOptions {
  address: string;
  namespace?: string;
  taskQueue: string;
  activities: ActivityDeps;
  /** A prebuilt bundle (tests share one across workers to skip webpack); defaults to bundling WORKFLOWS_PATH. */
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
    activities: {
      ...createActivities(options.activities),
      ...createRunRecoveryActivities(options.activities.db),
    },
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

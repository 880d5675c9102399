import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkerOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * How a worker loads these workflows (`@nudgeflow/workflows/bundle`): runs in Node, never inside the
 * bundle. The workflow code itself is the package's main entry (src/index.ts), found here by the package's
 * own path so no other package names a file inside this one.
 */
export const WORKFLOWS_PATH = fileURLToPath(new URL('./src/index.ts', import.meta.url));

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

/** The journey workflows bundled as a worker bundles them (tests share one bundle across workers). */
export function bundleJourneyWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: undefined,
    ...WORKFLOW_BUNDLER_OPTIONS,
  });
}

/**
 * Every workflow the worker registers. The worker bundles this file (webpack via Temporal's bundler), so
 * anything imported from here must be deterministic: @temporalio/workflow, pure packages, `import type`.
 */
export { ping } from './ping';

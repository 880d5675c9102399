/**
 * Every workflow the worker registers, and (as types) the activity contract they call. The worker bundles this file (webpack via Temporal's bundler), so
 * anything imported from here must be deterministic: @temporalio/workflow, pure packages, `import type`.
 */
export { ping } from './ping';
export {
  journeyRun,
  customerEventSignal,
  exitRunSignal,
  migrateVersionUpdate,
  runStateQuery,
  HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW,
  type JourneyRunWorkflowInput,
  type JourneyRunOutcome,
  type JourneyRunResume,
  type RunMigrationResult,
} from './journeyRun';
export type * from './activities';

import type { ExitConfig } from '@nudgeflow/journey';
import type { NodeExecutor } from './executor';

/** Ends the run, naming why for the step log. */
export const exit: NodeExecutor<ExitConfig> = {
  execute: async ({ node, config }) => ({
    stop: { status: 'exited', reason: config.reason || `exit node ${node.id}` },
  }),
};

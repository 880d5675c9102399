import type { NodeExecutor } from './executor';

/**
 * Every trigger kind: entry is decided before the run starts (the kind's `matchesEntry`, asked by the
 * dispatcher), and the run begins at the trigger's `default` output. Passing a trigger again does nothing.
 */
export const trigger: NodeExecutor = {
  execute: async () => ({ output: 'default' }),
};

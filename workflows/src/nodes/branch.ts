import type { BranchConfig } from '@nudgeflow/journey';
import { now, type NodeExecutor } from './executor';

/**
 * The first path whose condition holds. Conditions read live data, so the `evaluateBranch` activity
 * decides (and logs what each condition compared); history keeps its answer for replays.
 */
export const branch: NodeExecutor<BranchConfig> = {
  async execute({ interpreter, node, config, visit }) {
    const decision = await interpreter.activities.evaluateBranch({
      run: interpreter.run(),
      nodeId: node.id,
      visit,
      config,
      at: now(),
    });
    return { output: decision.output };
  },
};

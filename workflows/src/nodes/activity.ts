import { now, type NodeExecutor } from './executor';

/**
 * Every kind whose runtime is `activity` (profile updates, plugin nodes): `runNodeActivity` finds the
 * kind's implementation in the worker's registry, runs it and logs its step, so a plugin node needs no
 * change to the workflow.
 */
export const activityNode: NodeExecutor = {
  async execute({ interpreter, node, visit }) {
    const result = await interpreter.activities.runNodeActivity({
      run: interpreter.run(),
      node,
      visit,
      at: now(),
    });
    return { output: result.output };
  },
};

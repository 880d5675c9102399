import { chooseSplitOutput, splitBucket, type SplitConfig } from '@nudgeflow/journey';
import type { NodeExecutor } from './executor';

/** A stable random split: the customer's bucket for this node picks the path, the same on every replay. */
export const split: NodeExecutor<SplitConfig> = {
  async execute(step) {
    const { interpreter, node, config } = step;
    const { customerId } = interpreter.run();
    const output = chooseSplitOutput(config, customerId, node.id);
    const bucket = splitBucket(customerId, node.id);
    await interpreter.record(
      [
        // What was compared: the bucket against the paths' shares, in order, then the holdout.
        step.entry('split', {
          output,
          bucket,
          shares: config.paths.map((path) => ({ pathId: path.id, percent: path.percent })),
          holdoutPercent: config.holdoutPercent,
        }),
      ],
      node.id,
    );
    return { output };
  },
};

import { durationToMs, type WaitDurationConfig } from '@nudgeflow/journey';
import { INTERRUPTED, now, type NodeExecutor } from './executor';

/** A durable timer, interruptible by exits and goal jumps. */
export const waitDuration: NodeExecutor<WaitDurationConfig> = {
  async execute(step) {
    const { interpreter, node, config } = step;
    const startedAt = now();
    const deadline = Date.now() + durationToMs(config.duration);
    const until = new Date(deadline).toISOString();
    interpreter.setWaiting({ kind: 'timer', until });
    await interpreter.record([], node.id);
    const ended = await interpreter.waitUntil(() => false, deadline);
    if (ended === INTERRUPTED) return INTERRUPTED;
    interpreter.inbox.advance();
    await interpreter.record([step.entry('waited', { startedAt, until, endedBy: 'timer' })]);
    return { output: 'default' };
  },
};

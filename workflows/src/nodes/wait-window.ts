import type { WaitWindowConfig } from '@nudgeflow/journey';
import { INTERRUPTED, now, type NodeExecutor } from './executor';

/** Waits until the customer's local time is inside the window; goes on at once when it already is. */
export const waitWindow: NodeExecutor<WaitWindowConfig> = {
  async execute(step) {
    const { interpreter, node, config } = step;
    const startedAt = now();
    // Time-zone arithmetic needs the customer's zone from the database, so the activity computes the
    // instant and history records it: replays never recompute it with other tz data.
    const window = await interpreter.activities.nextWindowStart({
      run: interpreter.run(),
      config,
      now: startedAt,
    });
    const deadline = Date.parse(window.opensAt);
    interpreter.setWaiting({ kind: 'window', until: window.opensAt });
    if (deadline > Date.now()) {
      await interpreter.record([], node.id);
      const ended = await interpreter.waitUntil(() => false, deadline);
      if (ended === INTERRUPTED) return INTERRUPTED;
    }
    interpreter.inbox.advance();
    await interpreter.record([
      step.entry('waited', {
        startedAt,
        until: window.opensAt,
        timezone: window.timezone,
        endedBy: 'window',
      }),
    ]);
    return { output: 'default' };
  },
};

import type { GoalConfig } from '@nudgeflow/journey';
import { matchesEvent } from '../run-inbox';
import type { NodeExecutor } from './executor';

/**
 * A run jumps to a goal node when its event happens (journeyRun asks `jumpsOn` for every event). Reached by
 * an edge instead, there is nothing to convert: it just goes on.
 */
export const goal: NodeExecutor<GoalConfig> = {
  execute: async () => ({ output: 'default' }),
  jumpsOn: (config, event) => matchesEvent(event, config),
};

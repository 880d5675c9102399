import { z } from 'zod';
import { Duration, formatDuration } from '../duration';
import { defineNodeKind } from '../node-kind';

/** Waits a fixed time (a durable timer: survives restarts and deploys). */
export const WaitDurationConfig = z.object({ duration: Duration });
export type WaitDurationConfig = z.infer<typeof WaitDurationConfig>;

export const waitDuration = defineNodeKind({
  type: 'wait.duration',
  version: 1,
  title: 'Wait',
  description: 'Wait for a fixed time before continuing.',
  category: 'wait',
  configSchema: WaitDurationConfig,
  defaultConfig: { duration: { amount: 1, unit: 'hours' } },
  outputs: () => [{ name: 'default', label: 'Then' }],
  summary: (config) => `Wait ${formatDuration(config.duration)}`,
  ui: {
    icon: 'hourglass',
    color: '#0ea5e9',
    fields: { duration: { widget: 'duration', label: 'Wait for' } },
  },
  runtime: { kind: 'workflow' },
  alwaysWaits: true,
});

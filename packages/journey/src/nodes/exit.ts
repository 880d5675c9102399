import { z } from 'zod';
import { defineNodeKind } from '../node-kind';

/** Ends the run. Paths may also simply end (an unwired output); an exit node names why, for the step log. */
export const ExitConfig = z.object({ reason: z.string().max(200).default('') });
export type ExitConfig = z.infer<typeof ExitConfig>;

export const exit = defineNodeKind({
  type: 'exit',
  version: 1,
  title: 'Exit',
  description: 'End the journey for this customer.',
  category: 'exit',
  configSchema: ExitConfig,
  defaultConfig: { reason: '' },
  outputs: () => [],
  summary: (config) => (config.reason ? `Exit: ${config.reason}` : 'Exit'),
  ui: {
    icon: 'log-out',
    color: '#64748b',
    fields: { reason: { widget: 'text', label: 'Reason (for the log)' } },
  },
  runtime: { kind: 'workflow' },
});

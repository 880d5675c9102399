import { EventMatcher } from '../definition';
import { defineNodeKind } from '../node-kind';

/**
 * A conversion point. A goal node takes no incoming edges: while a run is active, the moment the customer
 * does the matching event the run jumps here from wherever it waits (like an exit criterion, but with a
 * path on), the run is marked converted, and it continues from `default` (or ends if that is unwired).
 */
export const GoalConfig = EventMatcher;
export type GoalConfig = EventMatcher;

export const goal = defineNodeKind({
  type: 'goal',
  version: 1,
  title: 'Goal',
  description: 'When the customer does this event at any point in the run, they convert and move here.',
  category: 'goal',
  configSchema: GoalConfig,
  defaultConfig: { event: '', where: [] },
  outputs: () => [{ name: 'default', label: 'Converted' }],
  summary: (config) => `Goal: ${config.event || '…'}`,
  ui: {
    icon: 'trophy',
    color: '#eab308',
    fields: {
      event: { widget: 'event-name', label: 'Event', placeholder: 'Order Completed' },
      where: { widget: 'property-filters', label: 'Where' },
    },
  },
  runtime: { kind: 'workflow' },
  entersByEvent: true,
});

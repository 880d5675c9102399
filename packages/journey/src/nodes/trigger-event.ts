import { matchesPropertyFilters } from '@nudgeflow/segments';
import { EventMatcher } from '../definition';
import { defineNodeKind } from '../node-kind';

/** Starts a run when the customer does an event (e.g. `Product Added` where category is shoes). */
export const TriggerEventConfig = EventMatcher;
export type TriggerEventConfig = EventMatcher;

export const triggerEvent = defineNodeKind({
  type: 'trigger.event',
  version: 1,
  title: 'Event',
  description: 'Customers enter when they do an event, optionally filtered by its properties.',
  category: 'trigger',
  configSchema: TriggerEventConfig,
  defaultConfig: { event: '', where: [] },
  outputs: () => [{ name: 'default', label: 'Entered' }],
  summary: (config) =>
    `When ${config.event || '…'} happens${config.where.length ? ` (${config.where.length} filter${config.where.length === 1 ? '' : 's'})` : ''}`,
  ui: {
    icon: 'zap',
    color: '#7c3aed',
    fields: {
      event: { widget: 'event-name', label: 'Event', placeholder: 'Product Added' },
      where: { widget: 'property-filters', label: 'Where' },
    },
  },
  runtime: { kind: 'workflow' },
  matchesEntry: (config, { event }) =>
    event.name === config.event && matchesPropertyFilters(event.properties, config.where),
  providesEntryEvent: true,
});

import { z } from 'zod';
import { defineNodeKind } from '../node-kind';

/**
 * Starts a run when a caller with a workspace API key enters a customer through the HTTP API. The call's
 * `properties` play the part of the entry event, so templates and `matchEntryKey` can read them.
 */
/**
 * The internal event the journeys API appends (through the outbox, like every other event) when a caller
 * enters a customer; its `journeyId` property names the journey, the rest are the caller's properties.
 */
export const JOURNEY_API_TRIGGER_EVENT = 'Journey API Trigger';

export const TriggerApiConfig = z.object({
  /** Properties the API call must carry; the endpoint answers 400 naming the missing one. */
  requiredProperties: z.array(z.string().min(1).max(200)).max(50).default([]),
});
export type TriggerApiConfig = z.infer<typeof TriggerApiConfig>;

export const triggerApi = defineNodeKind({
  type: 'trigger.api',
  version: 1,
  title: 'API call',
  description: 'Customers enter when your backend calls the journey trigger endpoint.',
  category: 'trigger',
  configSchema: TriggerApiConfig,
  defaultConfig: { requiredProperties: [] },
  outputs: () => [{ name: 'default', label: 'Entered' }],
  summary: () => 'When the API enters a customer',
  ui: {
    icon: 'webhook',
    color: '#7c3aed',
    fields: { requiredProperties: { label: 'Required properties', help: 'e.g. order_id' } },
  },
  runtime: { kind: 'workflow' },
  // Appended by POST /api/v1/journeys/:id/trigger for exactly this journey.
  matchesEntry: (_config, { event, journeyId }) =>
    event.name === JOURNEY_API_TRIGGER_EVENT && event.properties['journeyId'] === journeyId,
  providesEntryEvent: true,
});

import { SEGMENT_ENTERED, SEGMENT_EXITED } from '@nudgeflow/segments';
import { z } from 'zod';
import { defineNodeKind } from '../node-kind';

/** Starts a run when the customer enters or leaves a segment (membership changes become internal events). */
export const TriggerSegmentConfig = z.object({
  segmentId: z.string().min(1, 'Choose a segment'),
  on: z.enum(['entered', 'exited']).default('entered'),
});
export type TriggerSegmentConfig = z.infer<typeof TriggerSegmentConfig>;

export const triggerSegment = defineNodeKind({
  type: 'trigger.segment',
  version: 1,
  title: 'Segment',
  description: 'Customers enter when they join or leave a segment.',
  category: 'trigger',
  configSchema: TriggerSegmentConfig,
  defaultConfig: { segmentId: '', on: 'entered' },
  outputs: () => [{ name: 'default', label: 'Entered' }],
  summary: (config) => `When a customer ${config.on} the segment`,
  compile: (config, ctx) =>
    ctx.known?.segmentIds && !ctx.known.segmentIds.has(config.segmentId)
      ? [{ nodeId: ctx.nodeId, field: 'segmentId', message: `Segment ${config.segmentId} does not exist` }]
      : [],
  ui: {
    icon: 'users',
    color: '#7c3aed',
    fields: {
      segmentId: { widget: 'segment-picker', label: 'Segment' },
      on: { widget: 'select', label: 'When the customer' },
    },
  },
  runtime: { kind: 'workflow' },
  // Membership changes become these internal events (packages/db), carrying the segment's id.
  matchesEntry: (config, { event }) =>
    event.name === (config.on === 'exited' ? SEGMENT_EXITED : SEGMENT_ENTERED) &&
    event.properties['segmentId'] === config.segmentId,
});

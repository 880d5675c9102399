import { z } from 'zod';
import { TimeReference } from './time';

/** Which MessageSend timestamp records each engagement. */
export const ENGAGEMENT_COLUMN = {
  received: 'sentAt',
  opened: 'openedAt',
  clicked: 'clickedAt',
  converted: 'convertedAt',
} as const;
export type MessageEngagement = keyof typeof ENGAGEMENT_COLUMN;

/**
 * Received / opened / clicked / converted at least one message, optionally on one channel, from one journey,
 * since a point in time. Negate with a `not` group ("received but did not click": and + not).
 */
export const MessageCondition = z.object({
  kind: z.literal('message'),
  engagement: z.enum(['received', 'opened', 'clicked', 'converted']),
  channel: z.string().min(1).max(100).optional(),
  journeyId: z.uuid().optional(),
  since: TimeReference.optional(),
});
export type MessageCondition = z.infer<typeof MessageCondition>;

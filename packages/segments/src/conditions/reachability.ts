import { z } from 'zod';

/**
 * Can receive marketing on a channel now: email with opt-in, SMS with opt-in, at least one push subscription;
 * `any` is any of them. Every channel also requires that the customer has not unsubscribed from everything.
 */
export const ReachableCondition = z.object({
  kind: z.literal('reachable'),
  channel: z.enum(['email', 'sms', 'push', 'any']),
});
export type ReachableCondition = z.infer<typeof ReachableCondition>;

/**
 * Subscribed (or not) to a topic by key. Without an explicit choice the topic's default applies
 * (`defaultSubscribed`); unsubscribing from everything wins over any topic; an unknown topic subscribes no one.
 */
export const TopicCondition = z.object({
  kind: z.literal('topic'),
  topic: z.string().min(1).max(100),
  subscribed: z.boolean().default(true),
});
export type TopicCondition = z.infer<typeof TopicCondition>;

import { z } from 'zod';
import { Duration, formatDuration } from '../duration';
import { defineNodeKind, type JourneyError } from '../node-kind';
import type { MessageChannelStep } from '../run-protocol';

/**
 * One step of the channel priority list: the zod schema of run-protocol's `MessageChannelStep` (the
 * `satisfies` keeps the two identical), named apart because that interface already owns the name.
 */
export const MessageChannelStepConfig = z.object({
  /** Built-in channel ("push" | "email" | "in_app" | "sms" | "webhook") or a plugin channel id. */
  channel: z.string().min(1),
  templateId: z.string().min(1, 'Choose a template'),
}) satisfies z.ZodType<MessageChannelStep>;
export type MessageChannelStepConfig = z.infer<typeof MessageChannelStepConfig>;

/**
 * A second message from the same node, on its own channel list, when the first (if it was sent) is not
 * opened/clicked within `after`. Channels that cannot report opens (push reports clicks only; SMS and
 * webhooks nothing) are judged by what they do report: without any signal the follow-up is sent.
 */
export const MessageFollowUp = z.object({
  after: Duration,
  /** The follow-up is not sent when the customer opened (or clicked) the first message by then. */
  unless: z.enum(['opened', 'clicked']),
  channels: z.array(MessageChannelStepConfig).min(1, 'Add at least one channel').max(5),
});
export type MessageFollowUp = z.infer<typeof MessageFollowUp>;

/**
 * Sends one message through the first channel in the priority list that can reach the customer (push, else
 * email …). Outputs: `sent` when a channel took it, `skipped` when none could (unreachable, no consent,
 * capped, quiet hours with 'skip'). Quiet hours with 'defer' hold the run inside the node until the window
 * opens. A follow-up, when set, is sent by the same node `after` the first send unless it was opened/clicked;
 * the node continues on `sent` only after that decision.
 */
export const MessageConfig = z.object({
  channels: z.array(MessageChannelStepConfig).min(1, 'Add at least one channel').max(5),
  /** Subscription topic; customers unsubscribed from it get nothing. */
  topicKey: z.string().min(1).max(100).default('marketing'),
  followUp: MessageFollowUp.optional(),
});
export type MessageConfig = z.infer<typeof MessageConfig>;

export const MESSAGE_SENT_OUTPUT = 'sent';
export const MESSAGE_SKIPPED_OUTPUT = 'skipped';

function templateErrors(
  channels: readonly { channel: string; templateId: string }[],
  prefix: string,
  nodeId: string,
  known: { templates?: ReadonlyMap<string, string>; channels?: ReadonlySet<string> } | undefined,
): JourneyError[] {
  const errors: JourneyError[] = [];
  const seen = new Set<string>();
  channels.forEach((step, index) => {
    if (seen.has(step.channel)) {
      errors.push({
        nodeId,
        field: `${prefix}.${index}.channel`,
        message: `Channel "${step.channel}" is listed twice`,
      });
    }
    seen.add(step.channel);
    if (known?.channels && !known.channels.has(step.channel)) {
      errors.push({
        nodeId,
        field: `${prefix}.${index}.channel`,
        message: `Unknown channel "${step.channel}"`,
      });
    }
    const templateChannel = known?.templates?.get(step.templateId);
    if (known?.templates && templateChannel === undefined) {
      errors.push({
        nodeId,
        field: `${prefix}.${index}.templateId`,
        message: `Template ${step.templateId} does not exist`,
      });
    } else if (templateChannel !== undefined && templateChannel !== step.channel) {
      errors.push({
        nodeId,
        field: `${prefix}.${index}.templateId`,
        message: `Template ${step.templateId} is written for ${templateChannel}, not ${step.channel}`,
      });
    }
  });
  return errors;
}

export const message = defineNodeKind({
  type: 'message',
  version: 1,
  title: 'Send message',
  description: 'Send a message through the first channel that reaches the customer: push, else email, …',
  category: 'action',
  configSchema: MessageConfig,
  defaultConfig: { channels: [], topicKey: 'marketing' },
  outputs: () => [
    { name: MESSAGE_SENT_OUTPUT, label: 'Sent' },
    { name: MESSAGE_SKIPPED_OUTPUT, label: 'Not sent' },
  ],
  summary: (config) =>
    `Send by ${config.channels.map((step) => step.channel).join(', else ') || '…'}${
      config.followUp
        ? `, follow up after ${formatDuration(config.followUp.after)} unless ${config.followUp.unless}`
        : ''
    }`,
  compile: (config, ctx) => [
    ...templateErrors(config.channels, 'channels', ctx.nodeId, ctx.known),
    ...(config.followUp
      ? templateErrors(config.followUp.channels, 'followUp.channels', ctx.nodeId, ctx.known)
      : []),
    ...(ctx.known?.topicKeys && !ctx.known.topicKeys.has(config.topicKey)
      ? [{ nodeId: ctx.nodeId, field: 'topicKey', message: `Topic "${config.topicKey}" does not exist` }]
      : []),
  ],
  ui: {
    icon: 'send',
    color: '#10b981',
    fields: {
      channels: { widget: 'channel-steps', label: 'Channels, in order of preference' },
      'channels.*.channel': { widget: 'channel-picker', label: 'Channel' },
      'channels.*.templateId': { widget: 'template-picker', label: 'Template' },
      topicKey: { widget: 'topic-picker', label: 'Topic' },
      'followUp.after': { widget: 'duration', label: 'Follow up after', group: 'followUp' },
      'followUp.unless': { widget: 'select', label: 'Unless the customer has', group: 'followUp' },
      'followUp.channels': { widget: 'channel-steps', label: 'Follow-up channels', group: 'followUp' },
    },
  },
  // The executor (workflows/src/nodes/message.ts) calls `sendMessage`, which answers with run-protocol's
  // MessageOutcome: sent → `sent`, skipped → `skipped`, deferred → the workflow sleeps until `until` and
  // asks again. With a follow-up it then waits `after`, asks `checkFollowUp`, and may send once more with
  // `followUpOf` set (its own key).
  runtime: { kind: 'workflow', activities: ['sendMessage', 'checkFollowUp'] },
});

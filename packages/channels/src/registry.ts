/**
 * The channel registry: every channel this process can send on, built-ins first. Adding a built-in channel
 * is one folder (descriptor.ts + its implementation with `defineChannel`) and one line in BUILT_IN_CHANNELS
 * (and one in descriptors.ts, for the browser; registry.test.ts fails when the two lists differ).
 */
import type { Channel } from './channel';
import { ChannelDefinitionError } from './descriptor';
import { instantiateChannel, type ChannelDefinition, type ChannelServices } from './define-channel';
import { emailChannel } from './email/email-channel';
import { inAppChannel } from './in-app/in-app-channel';
import { pushChannel } from './push/push-channel';
import { smsChannel } from './sms/sms-channel';
import { webhookChannel } from './webhook/webhook-channel';

export const BUILT_IN_CHANNELS: readonly ChannelDefinition[] = [
  pushChannel as ChannelDefinition,
  emailChannel as ChannelDefinition,
  inAppChannel as ChannelDefinition,
  smsChannel as ChannelDefinition,
  webhookChannel as ChannelDefinition,
];

/** Built-ins plus plugin channels; a plugin may not reuse an id. */
export function channelDefinitions(plugins: readonly ChannelDefinition[] = []): ChannelDefinition[] {
  const seen = new Set<string>();
  const all = [...BUILT_IN_CHANNELS, ...plugins];
  for (const definition of all) {
    if (seen.has(definition.id)) {
      throw new ChannelDefinitionError(definition.id, 'another channel already has this id');
    }
    seen.add(definition.id);
  }
  return all;
}

export type BuiltInChannelOptions = Omit<ChannelServices, 'onClose'>;

/**
 * Builds every registered channel for this process (plugin channels after the built-ins). A channel whose
 * `create` returns null (email without SMTP) is left out.
 */
export function createBuiltInChannels(
  options: BuiltInChannelOptions,
  plugins: readonly ChannelDefinition[] = [],
): { channels: Channel[]; close(): void } {
  const closers: (() => void)[] = [];
  const services: ChannelServices = { ...options, onClose: (close) => closers.push(close) };
  const channels = channelDefinitions(plugins)
    .map((definition) => instantiateChannel(definition, services))
    .filter((channel): channel is Channel => channel !== null);
  return {
    channels,
    close: () => {
      for (const close of closers) close();
    },
  };
}

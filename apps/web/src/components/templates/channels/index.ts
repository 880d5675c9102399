import { TEMPLATE_CHANNELS, type TemplateChannel } from '../channel-meta';
import type { ChannelUi } from './channel-ui';
import { emailUi } from './email';
import { inAppUi } from './in-app';
import { pushUi } from './push';
import { smsUi } from './sms';
import { webhookUi } from './webhook';

export type { ChannelUi } from './channel-ui';

/**
 * The template editor's channel registry: one UI module per built-in channel. A channel missing here is a
 * type error, and channels.test.ts checks every module against packages/channels' content schemas.
 */
export const CHANNEL_UIS = {
  push: pushUi,
  email: emailUi,
  in_app: inAppUi,
  sms: smsUi,
  webhook: webhookUi,
} as const satisfies Record<TemplateChannel, ChannelUi>;

export function channelUi(channel: TemplateChannel): ChannelUi {
  return CHANNEL_UIS[channel];
}

/** The registry in the order the list and pickers show channels. */
export const CHANNEL_UI_LIST: readonly ChannelUi[] = TEMPLATE_CHANNELS.map(channelUi);

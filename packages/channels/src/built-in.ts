import { createInAppMessage, deletePushSubscription, type Db } from '@nudgeflow/db';
import type { Transporter } from 'nodemailer';
import type { Channel } from './channel';
import { createEmailChannel } from './email/email-channel';
import { createInAppChannel } from './in-app/in-app-channel';
import { createPushChannel } from './push/push-channel';
import { PushTransport, type PushTransportOptions } from './push/push-transport';
import { createSmsChannel, type SmsChannelDeps } from './sms/sms-channel';
import { createWebhookChannel, type WebhookChannelDeps } from './webhook/webhook-channel';

export interface BuiltInChannelOptions {
  db: Db;
  /** SMTP URL (env().SMTP_URL) or a nodemailer transport. Without it the email channel is left out. */
  email?: { transport: Transporter | string; defaultFrom?: string; bounceDomain?: string };
  push?: PushTransportOptions;
  webhook?: WebhookChannelDeps;
  sms?: SmsChannelDeps;
}

/** The five built-in channels wired to the database; plugin channels are appended by the caller. */
export function createBuiltInChannels(options: BuiltInChannelOptions): {
  channels: Channel[];
  close(): void;
} {
  const pushTransport = new PushTransport(options.push);
  const channels: Channel[] = [
    createPushChannel({
      transport: pushTransport,
      removeSubscription: (id) => deletePushSubscription(options.db, id),
    }) as Channel,
    createInAppChannel({ store: (input) => createInAppMessage(options.db, input) }) as Channel,
    createSmsChannel(options.sms) as Channel,
    createWebhookChannel(options.webhook) as Channel,
  ];
  if (options.email) channels.push(createEmailChannel({ ...options.email, db: options.db }) as Channel);
  return { channels, close: () => pushTransport.close() };
}

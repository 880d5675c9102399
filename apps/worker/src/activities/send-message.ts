import {
  createBuiltInChannels,
  createMessageSender,
  startSmtpCatcher,
  type ChannelDefinition,
  type SmtpCatcher,
} from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import type { Db } from '@nudgeflow/db';
import type { MessageSender } from './message';

export interface ChannelSenderOptions {
  db: Db;
  /** Plugin channels (`defineChannel`), registered after the built-ins (a plugin may not reuse an id). */
  pluginChannels?: readonly ChannelDefinition[];
  /** Development only: port for the local SMTP catcher when SMTP_URL is unset (mail lands in CaughtEmail). */
  smtpCatcherPort?: number;
}

/**
 * The real message sender for `createActivities({ sendMessage })`: packages/channels' built-in channels
 * (push, email when SMTP is configured, in-app, SMS, webhook) behind the governance-checked, idempotent
 * sender. In development without SMTP_URL it starts the SMTP catcher and sends email to it.
 *
 * In apps/worker/src/main.ts:
 *   const channels = await createChannelSender({ db });
 *   createActivities({ db, sendMessage: channels.sendMessage });
 *   … on shutdown: await channels.close();
 */
export async function createChannelSender(
  options: ChannelSenderOptions,
): Promise<{ sendMessage: MessageSender; close(): Promise<void> }> {
  const config = env();
  let catcher: SmtpCatcher | undefined;
  let smtpUrl = config.SMTP_URL;
  if (!smtpUrl && config.NODE_ENV === 'development') {
    catcher = await startSmtpCatcher({ port: options.smtpCatcherPort ?? 1025, db: options.db });
    smtpUrl = `smtp://127.0.0.1:${catcher.port}`;
  }
  // In development the catcher is also the bounce mailbox: delivery reports sent to the VERP address land
  // there and are processed, so the dev stack uses the public host as its bounce domain.
  const bounceDomain =
    config.EMAIL_BOUNCE_DOMAIN ?? (catcher ? new URL(config.PUBLIC_URL).hostname : undefined);
  const builtIn = createBuiltInChannels(
    {
      db: options.db,
      ...(smtpUrl ? { email: { transport: smtpUrl, ...(bounceDomain ? { bounceDomain } : {}) } } : {}),
      // Delivery status callbacks come back to the web app's /api/sms/status/<workspaceId>.
      sms: { publicUrl: config.PUBLIC_URL },
    },
    options.pluginChannels,
  );
  const sender = createMessageSender({
    db: options.db,
    channels: builtIn.channels,
    publicUrl: config.PUBLIC_URL,
  });
  return {
    sendMessage: (request) => sender.send(request),
    async close() {
      builtIn.close();
      await catcher?.close();
    },
  };
}

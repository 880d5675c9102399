/**
 * The channel interface. Built-in channels (push, email, in-app, SMS, webhook) implement exactly this, and
 * so do plugin channels: the message sender (message-sender.ts) only ever talks to a `Channel`.
 *
 * A channel is three steps, kept apart so the sender can record why a channel was not used:
 * reachability (pure, on the profile) → render (pure, template + context) → send (I/O, idempotent by key).
 */
import type { WebhookResponse } from '@nudgeflow/journey';
import type { ChannelDescriptor } from './descriptor';

/** What a channel may know about the customer it messages. Loaded once per send by the sender. */
export interface ChannelProfile {
  customerId: string;
  workspaceId: string;
  userId: string | null;
  email: string | null;
  emailOptIn: boolean;
  /** Why mail to `email` is not sent any more (hard bounce, repeated soft bounces), if so. */
  emailUndeliverable?: string | null;
  phone: string | null;
  smsOptIn: boolean;
  unsubscribedAll: boolean;
  timezone: string | null;
  locale: string | null;
  traits: Record<string, unknown>;
  pushSubscriptions: PushSubscriptionKeys[];
}

export interface PushSubscriptionKeys {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type Reachability = { reachable: true } | { reachable: false; reason: string };

/** Everything `render` needs besides the template: the Liquid context and where links should point. */
export interface RenderContext {
  /** Variables templates read: `customer`, `event`, `product`, `products`, `promo_code`, anything custom. */
  variables: Record<string, unknown>;
  /** Id of the send record; carried in payloads and tracking links. */
  sendId: string;
  /** Signed links for this send (unsubscribe, preferences, open pixel, click wrapper). */
  links: MessageLinks;
  /** 'preview' renders strictly (unknown variables are errors); 'send' renders leniently. */
  mode: 'preview' | 'send';
  /** Workspace default language: the last fallback before "any variant". */
  defaultLocale: string;
  /** Workspace sender identity for email (Workspace.settings.email), if set. */
  sender: { fromAddress?: string; fromName?: string };
}

export interface MessageLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
  openPixelUrl: string;
  /** Wraps a destination URL in a click-tracking redirect. */
  trackClick(url: string): string;
}

/**
 * A send outcome from the provider. `unreachable` means the address itself is gone (push subscription
 * expired, mailbox does not exist): the sender moves on to the next channel, as for `permanent`.
 * `retryable` makes the activity fail so Temporal retries it (the send record stays PENDING).
 */
export type SendFailure = {
  kind: 'permanent' | 'retryable' | 'unreachable';
  message: string;
  /** The receiver's final answer when it refused with one (webhooks): stored on the send for branches. */
  response?: WebhookResponse;
};
export type SendResult =
  | {
      ok: true;
      providerId: string;
      detail?: Record<string, unknown>;
      /** The receiver's answer, for channels whose answer is data (webhooks). */
      response?: WebhookResponse;
    }
  | { ok: false; failure: SendFailure };

export type ReceiptType = 'delivered' | 'opened' | 'clicked' | 'bounced' | 'unsubscribed' | 'converted';
export const RECEIPT_TYPES: readonly ReceiptType[] = [
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'unsubscribed',
  'converted',
];

/** Per-send facts a channel's `send` may need beyond the rendered message. */
export interface SendTarget {
  profile: ChannelProfile;
  workspace: ChannelWorkspace;
  sendId: string;
}

/** The workspace's delivery configuration, as channels see it. */
export interface ChannelWorkspace {
  id: string;
  timezone: string;
  defaultLocale: string;
  vapidPublicKey: string;
  vapidPrivateKey: string;
  vapidSubject: string;
  signingSecret: string;
  settings: Record<string, unknown>;
  /**
   * The workspace's own channel settings (Settings → Channels), secrets opened, by channel id: what a
   * descriptor's `settings.schema` describes. A channel without an entry uses this process's defaults.
   */
  channels: Record<string, Record<string, unknown>>;
}

/** The recipient of a test send from Settings: nobody's profile, just the address typed in. */
export function testProfile(workspaceId: string, reach: { email?: string; phone?: string }): ChannelProfile {
  return {
    customerId: 'settings-test',
    workspaceId,
    userId: null,
    email: reach.email ?? null,
    emailOptIn: true,
    emailUndeliverable: null,
    phone: reach.phone ?? null,
    smsOptIn: true,
    unsubscribedAll: false,
    timezone: null,
    locale: null,
    traits: {},
    pushSubscriptions: [],
  };
}

/**
 * How a retry that finds a PENDING record from an interrupted attempt must behave, because nobody knows
 * whether the provider got the message:
 * - `resend`: the provider deduplicates by our key (push Topic header, webhook Idempotency-Key, in-app row
 *   keyed by sendId), so sending again is safe.
 * - `give-up`: a second copy would reach a person (email, SMS); we prefer a missed message to a duplicate.
 */
export type InterruptedSendPolicy = 'resend' | 'give-up';

/** How a channel reaches people: the runtime half of a channel (its descriptor is the other half). */
export interface ChannelImplementation<Message = unknown> {
  reachability(profile: ChannelProfile): Reachability;
  /**
   * Renders one locale variant of the template. Throws `TemplateRenderError` on a bad template and
   * `MessageAborted` when the template refuses to go out (`{% abort_message %}`).
   */
  render(template: ChannelTemplate, context: RenderContext, locale: string | null): Promise<Message>;
  send(message: Message, idempotencyKey: string, target: SendTarget): Promise<SendResult>;
  /**
   * "Send a test" on Settings → Channels: a fixed message to `to` (an address, number or URL, as the
   * descriptor's `test.recipient` says), through the workspace's own settings. Declared together with
   * `test` on the descriptor.
   */
  sendTest?(to: string, workspace: ChannelWorkspace): Promise<SendResult>;
}

/** A channel ready to send in this process: its descriptor's facts and its implementation together. */
export interface Channel<Message = unknown> extends ChannelDescriptor, ChannelImplementation<Message> {}

/** A stored template as channels read it (Template row minus bookkeeping). */
export interface ChannelTemplate {
  id: string;
  channel: string;
  content: unknown;
  compiled: unknown;
  topicKey: string | null;
}

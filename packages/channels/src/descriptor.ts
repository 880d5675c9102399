/**
 * What a channel is, apart from how it sends: the facts the sender, governance, follow-ups and the template
 * editor read. One descriptor per channel, declared with `defineChannel` (define-channel.ts) by built-ins and
 * plugins alike. Nothing else may switch on a channel id: ask the descriptor.
 *
 * Browser-safe on purpose (zod and types only): the web app's template editor reads labels and content
 * schemas from `@nudgeflow/channels/descriptors`.
 */
import type { z } from 'zod';
import type { InterruptedSendPolicy, ReceiptType } from './channel';

/** Channel opt-in a send needs besides topic consent (checked in the same transaction as the cap count). */
export type ChannelConsent = 'email' | 'sms' | 'push' | 'none';

/** Which engagement the channel can observe; a follow-up "unless opened" needs to know what it cannot see. */
export interface ChannelEngagement {
  opens: boolean;
  clicks: boolean;
  /** In words, for the step log: "open pixel and tracked links", "delivery receipts only" … */
  how: string;
}

/** One input of a channel's settings form (Settings → Channels draws the form from this list). */
export interface ChannelSettingsField {
  name: string;
  label: string;
  /**
   * `secret` fields are write-only: stored sealed, shown as set or not, kept when the form leaves them
   * empty. The others are plain values the form shows again.
   */
  kind: 'text' | 'number' | 'switch' | 'secret' | 'url' | 'email';
  description?: string;
  placeholder?: string;
  required?: boolean;
}

/** A workspace's own configuration of a channel (its SMTP server, its SMS provider account). */
export interface ChannelSettingsDescriptor<Settings = Record<string, unknown>> {
  /** What is being configured ("SMTP server", "provider account"). */
  title: string;
  /**
   * Every field, secrets included: what the channel reads from `SendTarget.workspace.channels[id]` and
   * what a save must pass once the stored secrets are merged in.
   */
  schema: z.ZodType<Settings>;
  fields: readonly ChannelSettingsField[];
  /** What happens while the workspace has none ("the server's SMTP_URL"), shown above the form. */
  fallback: string;
}

/** What "Send a test" on Settings → Channels asks for and sends to. */
export interface ChannelTestDescriptor {
  recipient: 'email' | 'phone' | 'url';
  /** Label of the recipient input ("Send a test email to"). */
  label: string;
}

export interface ChannelDescriptor<Content = unknown, Id extends string = string> {
  /** "push" | "email" | "in_app" | "sms" | "webhook", or `<plugin>.<channel>` for a plugin. */
  readonly id: Id;
  /** Name shown to marketers ("Web push", "Email"). */
  readonly label: string;
  readonly consent: ChannelConsent;
  /** Whether a send counts toward frequency caps ("all" and this channel's own). Webhooks reach no person. */
  readonly countsTowardCaps: boolean;
  readonly engagement: ChannelEngagement;
  /** Channels that interrupt the customer (push, SMS) respect quiet hours; in-app and webhooks do not. */
  readonly interruptive: boolean;
  readonly onInterrupted: InterruptedSendPolicy;
  /** Receipts this channel can report (e.g. email: opened, clicked, bounced, unsubscribed). */
  readonly receipts: readonly ReceiptType[];
  /** What a Template row's `content` holds for this channel; parsed at save and at render. */
  readonly content: z.ZodType<Content>;
  /**
   * The content a new template starts with in the editor. It must pass `content` and render for any
   * customer in strict preview: optional data inside `{% if %}`, whole parts left out when absent.
   */
  readonly starter?: unknown;
  /**
   * Whether a goal event can be credited to a send on this channel (last-touch conversion attribution).
   * Absent means yes; webhooks reach no person, so they say no.
   */
  readonly creditsConversions?: boolean;
  /**
   * Where a marketer's "send a test" from the template editor goes: the signed-in account's email, a phone
   * number they type, their own customer profile (push, in-app, most plugins: the default), or the
   * endpoint the template itself names (webhook).
   */
  readonly testRecipient?: TestRecipient;
  /** Settings a workspace may give this channel; absent when there is nothing to configure. */
  readonly settings?: ChannelSettingsDescriptor;
  /** Present when the channel can send a test from Settings (its implementation has `sendTest`). */
  readonly test?: ChannelTestDescriptor;
}

export type TestRecipient = 'account-email' | 'phone' | 'own-profile' | 'template-endpoint';

/** Channels a conversion is never credited to. */
export function uncreditedChannelIds(descriptors: readonly ChannelDescriptor[]): string[] {
  return descriptors.filter((descriptor) => descriptor.creditsConversions === false).map((d) => d.id);
}

/** The names of a descriptor's write-only fields. */
export function secretFieldsOf(settings: ChannelSettingsDescriptor): string[] {
  return settings.fields.filter((field) => field.kind === 'secret').map((field) => field.name);
}

/** Every part a descriptor must declare; `missingDescriptorParts` and the registry test read this list. */
export const DESCRIPTOR_PARTS = [
  'id',
  'label',
  'consent',
  'countsTowardCaps',
  'engagement',
  'interruptive',
  'onInterrupted',
  'receipts',
  'content',
] as const satisfies readonly (keyof ChannelDescriptor)[];

const CONSENTS: readonly ChannelConsent[] = ['email', 'sms', 'push', 'none'];

/** The parts a (possibly plugin-written, untyped) descriptor lacks or declares with the wrong shape. */
export function missingDescriptorParts(descriptor: Partial<Record<string, unknown>>): string[] {
  const missing: string[] = [];
  const is = (part: string, ok: boolean) => {
    if (!ok) missing.push(part);
  };
  is('id', typeof descriptor.id === 'string' && /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_-]*)?$/.test(descriptor.id));
  is('label', typeof descriptor.label === 'string' && descriptor.label.length > 0);
  is('consent', CONSENTS.includes(descriptor.consent as ChannelConsent));
  is('countsTowardCaps', typeof descriptor.countsTowardCaps === 'boolean');
  const engagement = descriptor.engagement as Partial<ChannelEngagement> | undefined;
  is(
    'engagement',
    typeof engagement?.opens === 'boolean' &&
      typeof engagement.clicks === 'boolean' &&
      typeof engagement.how === 'string',
  );
  is('interruptive', typeof descriptor.interruptive === 'boolean');
  is('onInterrupted', descriptor.onInterrupted === 'resend' || descriptor.onInterrupted === 'give-up');
  is('receipts', Array.isArray(descriptor.receipts));
  const content = descriptor.content as { safeParse?: unknown } | undefined;
  is('content', typeof content?.safeParse === 'function');
  return missing;
}

export class ChannelDefinitionError extends Error {
  constructor(
    readonly channel: string,
    message: string,
  ) {
    super(`Channel "${channel}": ${message}`);
    this.name = 'ChannelDefinitionError';
  }
}

/** Checks a descriptor has every part; throws naming the missing ones (a plugin fails at load, not at send). */
export function defineChannelDescriptor<Content, const Id extends string>(
  descriptor: ChannelDescriptor<Content, Id>,
): ChannelDescriptor<Content, Id> {
  const missing = missingDescriptorParts(descriptor as unknown as Record<string, unknown>);
  if (missing.length > 0) {
    throw new ChannelDefinitionError(String(descriptor.id), `missing or invalid: ${missing.join(', ')}`);
  }
  return descriptor;
}

/**
 * `defineChannel`: how every channel, built-in or plugin, is declared (re-exported by @nudgeflow/plugin-sdk).
 * A definition is a descriptor (descriptor.ts: consent, caps, engagement, quiet hours, content schema,
 * receipts) plus `create`, which builds the implementation (reachability, render, send) from the services
 * this process has. The registry (registry.ts) lists the built-in definitions; plugins bring their own.
 */
import type { Transporter } from 'nodemailer';
import type { Db } from '@nudgeflow/db';
import type { Channel, ChannelImplementation } from './channel';
import { ChannelDefinitionError, defineChannelDescriptor, type ChannelDescriptor } from './descriptor';
import type { PushTransportOptions } from './push/push-transport';
import type { SmsChannelDeps } from './sms/sms-channel';
import type { FieldError } from './templates/content';
import type { WebhookChannelDeps } from './webhook/webhook-channel';

/** What a channel may use to build itself in this process (the worker's or the web app's configuration). */
export interface ChannelServices {
  db: Db;
  /** SMTP URL (env().SMTP_URL) or a nodemailer transport. Without it the email channel is left out. */
  email?: { transport: Transporter | string; defaultFrom?: string; bounceDomain?: string };
  push?: PushTransportOptions;
  webhook?: WebhookChannelDeps;
  sms?: SmsChannelDeps;
  /** Registers clean-up (pooled connections) run when the process closes its channels. */
  onClose(close: () => void): void;
}

/** Work a channel does once when a template is saved (email: MJML → HTML); the result is Template.compiled. */
export type CompileTemplate = (
  content: unknown,
) => Promise<{ ok: true; compiled: unknown } | { ok: false; errors: FieldError[] }>;

export interface ChannelDefinition<Message = unknown, Content = unknown> extends ChannelDescriptor<Content> {
  /** Builds the implementation; null when the channel is not configured in this process (email without SMTP). */
  create(services: ChannelServices): ChannelImplementation<Message> | null;
  compile?: CompileTemplate;
}

const IMPLEMENTATION_PARTS = ['reachability', 'render', 'send'] as const;

export function defineChannel<Message, Content>(
  descriptor: ChannelDescriptor<Content>,
  create: (services: ChannelServices) => ChannelImplementation<Message> | null,
  options: { compile?: CompileTemplate } = {},
): ChannelDefinition<Message, Content> {
  defineChannelDescriptor(descriptor);
  if (typeof create !== 'function') {
    throw new ChannelDefinitionError(descriptor.id, 'missing or invalid: create');
  }
  return { ...descriptor, create, ...(options.compile ? { compile: options.compile } : {}) };
}

/** The implementation parts a built channel lacks (the registry test builds every channel and checks). */
export function missingImplementationParts(implementation: Partial<ChannelImplementation>): string[] {
  return IMPLEMENTATION_PARTS.filter((part) => typeof implementation[part] !== 'function');
}

/** Builds one channel; throws naming the parts its `create` left out. */
export function instantiateChannel(definition: ChannelDefinition, services: ChannelServices): Channel | null {
  const implementation = definition.create(services);
  if (!implementation) return null;
  const missing = missingImplementationParts(implementation);
  if (missing.length > 0) {
    throw new ChannelDefinitionError(definition.id, `create() returned no ${missing.join(', ')}`);
  }
  const { create: _create, compile: _compile, ...descriptor } = definition;
  return { ...descriptor, ...implementation };
}

import { randomUUID } from 'node:crypto';
import {
  findProducts,
  findTemplate,
  latestCustomerEvent,
  loadSendingContext,
  saveTemplate,
  type ChannelKind,
  type Db,
  type TemplateRecord,
} from '@nudgeflow/db';
import type { Channel, ChannelProfile, ChannelTemplate } from '../channel';
import { messageLinks } from '../links';
import { parseTemplateContent, type BuiltInChannelId } from '../descriptors';
import { BUILT_IN_CHANNELS } from '../registry';
import { CHANNEL_ID_BY_KIND, type FieldError } from './content';
import { checkLiquidSyntax, TemplateRenderError } from './liquid';
import { loadTemplateEvents } from './events';
import { MessageAborted, missingVariables, requiredVariables } from './requirements';
import { buildTemplateVariables, productIdsIn } from './variables';

export interface TemplateError extends FieldError {
  line: number | null;
}

const KIND_BY_CHANNEL = Object.fromEntries(
  Object.entries(CHANNEL_ID_BY_KIND).map(([kind, id]) => [id, kind as ChannelKind]),
) as Record<BuiltInChannelId, ChannelKind>;

/**
 * Validates a built-in template (content schema per channel, Liquid syntax of every string field),
 * compiles email MJML to HTML once, and stores content and compiled output together.
 */
export async function saveTemplateWithCompile(
  db: Db,
  input: {
    workspaceId: string;
    templateId?: string;
    name: string;
    channel: BuiltInChannelId;
    content: unknown;
    topicKey?: string | null;
  },
): Promise<{ ok: true; template: TemplateRecord } | { ok: false; errors: TemplateError[] }> {
  const parsed = parseTemplateContent(input.channel, input.content);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((error) => ({ ...error, line: null })) };
  const syntaxErrors = liquidFields(parsed.content)
    .map(([field, source]) => checkLiquidSyntax(field, source))
    .filter((error): error is TemplateRenderError => error !== null)
    .map((error) => ({ field: error.field, message: error.reason, line: error.line }));
  if (syntaxErrors.length > 0) return { ok: false, errors: syntaxErrors };
  let compiled: unknown = null;
  const compile = BUILT_IN_CHANNELS.find((definition) => definition.id === input.channel)?.compile;
  if (compile) {
    const result = await compile(parsed.content);
    if (!result.ok) return { ok: false, errors: result.errors.map((error) => ({ ...error, line: null })) };
    compiled = result.compiled;
  }
  const template = await saveTemplate(db, {
    workspaceId: input.workspaceId,
    ...(input.templateId ? { templateId: input.templateId } : {}),
    name: input.name,
    channel: KIND_BY_CHANNEL[input.channel],
    pluginChannel: null,
    content: parsed.content,
    compiled,
    topicKey: input.topicKey ?? null,
  });
  return { ok: true, template };
}

/** Every string in the variants, with its field path (Liquid sources). */
function liquidFields(content: { variants: Record<string, unknown> }): [string, string][] {
  const fields: [string, string][] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') fields.push([path, value]);
    else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}.${index}`));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
    }
  };
  walk(content.variants, 'variants');
  return fields;
}

export interface AuthoringDeps {
  db: Db;
  channels: Channel[];
  publicUrl: string;
}

type Rendered =
  | { ok: true; channel: string; message: unknown; profile: ChannelProfile; sendId: string }
  | { ok: false; errors: TemplateError[] };

/**
 * Renders a template against a real customer, strictly: an unknown variable is an error with its field
 * and line. Context defaults to the customer's latest tracked event (what a journey would most likely
 * pass), overridable by the editor.
 */
export async function previewTemplate(
  deps: AuthoringDeps,
  input: { workspaceId: string; templateId: string; customerId: string; context?: Record<string, unknown> },
): Promise<Rendered> {
  return renderFor(deps, { ...input, mode: 'preview' });
}

async function renderFor(
  deps: AuthoringDeps,
  input: {
    workspaceId: string;
    templateId: string;
    customerId: string;
    context?: Record<string, unknown>;
    mode: 'preview' | 'send';
  },
): Promise<Rendered> {
  const template = await findTemplate(deps.db, {
    workspaceId: input.workspaceId,
    templateId: input.templateId,
  });
  if (!template)
    return { ok: false, errors: [{ field: 'templateId', message: 'template not found', line: null }] };
  const channelId = template.channel ? CHANNEL_ID_BY_KIND[template.channel] : template.pluginChannel;
  const channel = deps.channels.find((candidate) => candidate.id === channelId);
  if (!channel)
    return {
      ok: false,
      errors: [{ field: 'channel', message: `channel ${channelId} is not available`, line: null }],
    };
  const { workspace, customer } = await loadSendingContext(deps.db, input);
  if (!workspace || !customer)
    return { ok: false, errors: [{ field: 'customerId', message: 'customer not found', line: null }] };
  let context = input.context;
  if (!context) {
    const event = await latestCustomerEvent(deps.db, input);
    context = event
      ? { event: { name: event.name, properties: event.properties }, ...(event.properties as object) }
      : {};
  }
  const traits = (customer.traits ?? {}) as Record<string, unknown>;
  const catalog = await findProducts(deps.db, { workspaceId: input.workspaceId, ids: productIdsIn(context) });
  const events = await loadTemplateEvents(deps.db, { ...input, runId: null, templates: [template.content] });
  const variables = buildTemplateVariables({ customer: { ...customer, traits }, context, catalog, events });
  const missing = missingVariables(requiredVariables(template.content), variables);
  if (missing.length > 0) {
    const message = `this customer lacks ${missing.join(', ')}: the message would not be sent to them`;
    return { ok: false, errors: [{ field: 'requires', message, line: null }] };
  }
  const sendId = randomUUID();
  const settings = (workspace.settings ?? {}) as Record<string, unknown>;
  const email = (settings.email ?? {}) as { fromAddress?: string; fromName?: string };
  const stored: ChannelTemplate = {
    id: template.id,
    channel: channel.id,
    content: template.content,
    compiled: template.compiled,
    topicKey: template.topicKey,
  };
  const profile: ChannelProfile = {
    customerId: customer.id,
    workspaceId: customer.workspaceId,
    userId: customer.userId,
    email: customer.email,
    emailOptIn: customer.emailOptIn,
    phone: customer.phone,
    smsOptIn: customer.smsOptIn,
    unsubscribedAll: customer.unsubscribedAll,
    timezone: customer.timezone,
    locale: customer.locale,
    traits,
    pushSubscriptions: customer.pushSubscriptions,
  };
  try {
    const message = await channel.render(
      stored,
      {
        variables,
        sendId,
        links: messageLinks({
          publicUrl: deps.publicUrl,
          workspaceId: workspace.id,
          customerId: customer.id,
          sendId,
          topicKey: template.topicKey ?? 'marketing',
          secret: workspace.signingSecret,
        }),
        mode: input.mode,
        defaultLocale: workspace.defaultLocale,
        sender: {
          ...(typeof email.fromAddress === 'string' ? { fromAddress: email.fromAddress } : {}),
          ...(typeof email.fromName === 'string' ? { fromName: email.fromName } : {}),
        },
      },
      customer.locale,
    );
    return { ok: true, channel: channel.id, message, profile, sendId };
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      return { ok: false, errors: [{ field: error.field, message: error.reason, line: error.line }] };
    }
    if (error instanceof MessageAborted) {
      const message = `${error.message}; the message would not be sent to this customer`;
      return { ok: false, errors: [{ field: 'content', message, line: null }] };
    }
    return { ok: false, errors: [{ field: 'content', message: (error as Error).message, line: null }] };
  }
}

/**
 * Sends a template to the marketer themself: rendered with a real customer's data (strictly, so a test
 * send shows the same errors as the preview), delivered to the address given instead of the customer's,
 * bypassing governance and leaving no send record (tracking links in it resolve to nothing).
 */
export async function testSend(
  deps: AuthoringDeps,
  input: {
    workspaceId: string;
    templateId: string;
    /** Whose data fills the template. */
    customerId: string;
    /**
     * Where it goes (the channel descriptor's `testRecipient` says which): an email address, a phone number,
     * or the marketer's own customer profile (its push subscriptions; in-app messages are stored for it).
     */
    toSelf: { email?: string; phone?: string; customerId?: string };
    /** Sample context (entry event, promo code …); defaults to the customer's latest event. */
    context?: Record<string, unknown>;
  },
): Promise<{ ok: true; providerId: string } | { ok: false; errors: TemplateError[] }> {
  const rendered = await renderFor(deps, { ...input, mode: 'preview' });
  if (!rendered.ok) return rendered;
  const channel = deps.channels.find((candidate) => candidate.id === rendered.channel);
  if (!channel)
    return { ok: false, errors: [{ field: 'channel', message: 'channel not available', line: null }] };
  const { workspace } = await loadSendingContext(deps.db, input);
  if (!workspace)
    return { ok: false, errors: [{ field: 'workspaceId', message: 'workspace not found', line: null }] };
  let profile: ChannelProfile = {
    ...rendered.profile,
    email: input.toSelf.email ?? null,
    emailOptIn: Boolean(input.toSelf.email),
    phone: input.toSelf.phone ?? null,
    smsOptIn: Boolean(input.toSelf.phone),
    pushSubscriptions: [],
  };
  if (input.toSelf.customerId) {
    const self = await loadSendingContext(deps.db, {
      workspaceId: input.workspaceId,
      customerId: input.toSelf.customerId,
    });
    if (!self.customer)
      return {
        ok: false,
        errors: [{ field: 'toSelf', message: 'your customer profile was not found', line: null }],
      };
    profile = {
      ...profile,
      customerId: input.toSelf.customerId,
      userId: self.customer.userId ?? null,
      pushSubscriptions: self.customer.pushSubscriptions ?? [],
    };
  }
  const reach = channel.reachability(profile);
  if (!reach.reachable)
    return { ok: false, errors: [{ field: 'toSelf', message: reach.reason, line: null }] };
  const result = await channel.send(rendered.message, `test:${rendered.sendId}`, {
    profile,
    workspace: { ...workspace, settings: (workspace.settings ?? {}) as Record<string, unknown> },
    sendId: rendered.sendId,
  });
  if (result.ok) return { ok: true, providerId: result.providerId };
  return {
    ok: false,
    errors: [{ field: 'toSelf', message: `${result.failure.kind}: ${result.failure.message}`, line: null }],
  };
}

import {
  builtInChannelDescriptor,
  previewTemplate,
  saveTemplateWithCompile,
  testSend,
  TEMPLATE_CONTENT_SCHEMAS,
  type BuiltInChannelId,
} from '@nudgeflow/channels';
import { archiveTemplate, findCustomerById, findTemplate, listTemplates, type Db } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createTRPCRouter, permittedProcedure } from '../trpc';
import { mailIsCaught } from '../../mailbox/mailbox-catcher';
import { authoringDeps } from '../../templates/authoring';
import { channelOf, KIND_BY_CHANNEL } from '../../templates/document';

/** Support staff read templates and preview them; changing or sending them is for the people who build journeys. */
const readProcedure = permittedProcedure('templates.read');
const authorProcedure = permittedProcedure('templates.write');

const CHANNEL_IDS = Object.keys(TEMPLATE_CONTENT_SCHEMAS) as [BuiltInChannelId, ...BuiltInChannelId[]];
const ChannelId = z.enum(CHANNEL_IDS);

/** Sample context for a preview or test send: what the journey would pass (entry event properties, promo code …). */
const SampleContext = z.record(z.string().max(100), z.unknown()).optional();

function localesOf(content: unknown): string[] {
  const variants = (content as { variants?: unknown } | null)?.variants;
  return variants && typeof variants === 'object' ? Object.keys(variants) : [];
}

async function requireTemplate(db: Db, workspaceId: string, templateId: string) {
  const template = await findTemplate(db, { workspaceId, templateId });
  if (!template || template.archivedAt)
    throw new TRPCError({ code: 'NOT_FOUND', message: 'template not found' });
  return template;
}

async function requireCustomer(db: Db, workspaceId: string, customerId: string) {
  const customer = await findCustomerById(db, workspaceId, customerId);
  if (!customer) throw new TRPCError({ code: 'NOT_FOUND', message: 'customer not found' });
  return customer;
}

export const templatesRouter = createTRPCRouter({
  list: readProcedure.input(z.object({ channel: ChannelId.optional() })).query(async ({ ctx, input }) => {
    const templates = await listTemplates(ctx.db, {
      workspaceId: ctx.workspaceId,
      ...(input.channel ? { channel: KIND_BY_CHANNEL[input.channel] } : {}),
    });
    return templates.map((template) => ({
      id: template.id,
      name: template.name,
      channel: channelOf(template),
      topicKey: template.topicKey,
      locales: localesOf(template.content),
      updatedAt: template.updatedAt,
    }));
  }),

  get: readProcedure.input(z.object({ templateId: z.uuid() })).query(async ({ ctx, input }) => {
    const template = await requireTemplate(ctx.db, ctx.workspaceId, input.templateId);
    return {
      id: template.id,
      name: template.name,
      channel: channelOf(template),
      content: template.content,
      topicKey: template.topicKey,
      updatedAt: template.updatedAt,
    };
  }),

  /**
   * Creates or updates a template. Content problems (schema, Liquid syntax, MJML) come back as values with
   * the field path and line, so the editor can show each next to its input; the input shape itself is
   * checked by zod (BAD_REQUEST with per-field messages).
   */
  save: authorProcedure
    .input(
      z.object({
        templateId: z.uuid().optional(),
        name: z.string().trim().min(1, 'give the template a name').max(200),
        channel: ChannelId,
        topicKey: z
          .string()
          .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _')
          .nullable()
          .optional(),
        content: z.unknown(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.templateId) {
        const existing = await requireTemplate(ctx.db, ctx.workspaceId, input.templateId);
        if (channelOf(existing) !== input.channel) {
          // Journeys reference the template for one channel; a new channel is a new template.
          return {
            ok: false as const,
            errors: [{ field: 'channel', message: 'a saved template keeps its channel', line: null }],
          };
        }
      }
      const saved = await saveTemplateWithCompile(ctx.db, {
        workspaceId: ctx.workspaceId,
        ...(input.templateId ? { templateId: input.templateId } : {}),
        name: input.name,
        channel: input.channel,
        content: input.content,
        topicKey: input.topicKey ?? null,
      });
      if (!saved.ok) return saved;
      return {
        ok: true as const,
        template: { id: saved.template.id, name: saved.template.name, updatedAt: saved.template.updatedAt },
      };
    }),

  archive: authorProcedure.input(z.object({ templateId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const archived = await archiveTemplate(ctx.db, {
      workspaceId: ctx.workspaceId,
      templateId: input.templateId,
    });
    if (!archived) throw new TRPCError({ code: 'NOT_FOUND', message: 'template not found' });
    return { archived: true };
  }),

  /**
   * Renders the saved template against a real customer, strictly (an unknown variable is an error with its
   * field and line). Returns the rendered message only: the customer's push keys and the workspace's
   * secrets used while rendering stay on the server.
   */
  preview: readProcedure
    .input(z.object({ templateId: z.uuid(), customerId: z.uuid(), context: SampleContext }))
    .mutation(async ({ ctx, input }) => {
      await requireTemplate(ctx.db, ctx.workspaceId, input.templateId);
      const customer = await requireCustomer(ctx.db, ctx.workspaceId, input.customerId);
      const rendered = await previewTemplate(await authoringDeps(), {
        workspaceId: ctx.workspaceId,
        templateId: input.templateId,
        customerId: input.customerId,
        ...(input.context ? { context: input.context } : {}),
      });
      if (!rendered.ok) return rendered;
      return {
        ok: true as const,
        channel: rendered.channel,
        message: rendered.message,
        customer: {
          id: customer.id,
          userId: customer.userId,
          email: customer.email,
          locale: customer.locale,
        },
      };
    }),

  /**
   * Sends the template to the signed-in person, filled with a real customer's data. Email goes to the
   * caller's own sign-in address (never an address from the request); SMS to the phone they type; push to
   * the subscriptions of, and in-app to, the customer profile they pick as themselves in the shop.
   */
  testSend: authorProcedure
    .input(
      z.object({
        templateId: z.uuid(),
        customerId: z.uuid(),
        context: SampleContext,
        phone: z
          .string()
          .regex(/^\+[1-9]\d{6,14}$/, 'a phone number in international format, e.g. +4915112345678')
          .optional(),
        selfCustomerId: z.uuid().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const template = await requireTemplate(ctx.db, ctx.workspaceId, input.templateId);
      await requireCustomer(ctx.db, ctx.workspaceId, input.customerId);
      const channel = channelOf(template);
      const recipient = builtInChannelDescriptor(channel)?.testRecipient ?? 'own-profile';
      if (recipient === 'phone' && !input.phone) {
        return {
          ok: false as const,
          errors: [{ field: 'phone', message: 'enter your phone number', line: null }],
        };
      }
      if (recipient === 'own-profile' && !input.selfCustomerId) {
        return {
          ok: false as const,
          errors: [{ field: 'selfCustomerId', message: 'pick your own customer profile', line: null }],
        };
      }
      if (input.selfCustomerId) await requireCustomer(ctx.db, ctx.workspaceId, input.selfCustomerId);
      const toSelf = {
        'account-email': { email: ctx.session.user.email },
        phone: { phone: input.phone },
        'own-profile': { customerId: input.selfCustomerId },
        'template-endpoint': {},
      }[recipient];
      const sent = await testSend(await authoringDeps(), {
        workspaceId: ctx.workspaceId,
        templateId: input.templateId,
        customerId: input.customerId,
        ...(input.context ? { context: input.context } : {}),
        toSelf,
      });
      if (!sent.ok) return sent;
      const to = {
        'account-email': ctx.session.user.email,
        phone: input.phone,
        'own-profile': 'your customer profile',
        'template-endpoint': 'the webhook URL',
      }[recipient];
      return { ok: true as const, to, caught: recipient === 'account-email' && mailIsCaught() };
    }),
});

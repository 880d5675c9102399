/**
 * The browser-safe face of the channel registry (`@nudgeflow/channels/descriptors`): labels, consent,
 * engagement and the template content schema of every built-in channel, for the web app's template editor
 * and forms. No Node imports may reach this file.
 */
import { z } from 'zod';
import type { ChannelDescriptor } from './descriptor';
import type { FieldError } from './templates/content';
import { emailDescriptor } from './email/descriptor';
import { inAppDescriptor } from './in-app/descriptor';
import { pushDescriptor } from './push/descriptor';
import { smsDescriptor } from './sms/descriptor';
import { webhookDescriptor } from './webhook/descriptor';

export const BUILT_IN_CHANNEL_DESCRIPTORS = [
  pushDescriptor,
  emailDescriptor,
  inAppDescriptor,
  smsDescriptor,
  webhookDescriptor,
] as const;

export type BuiltInChannelId = (typeof BUILT_IN_CHANNEL_DESCRIPTORS)[number]['id'];

const byId = new Map<string, ChannelDescriptor>(
  BUILT_IN_CHANNEL_DESCRIPTORS.map((descriptor) => [descriptor.id, descriptor as ChannelDescriptor]),
);

export function isBuiltInChannel(id: string): id is BuiltInChannelId {
  return byId.has(id);
}

export function builtInChannelDescriptor(id: string): ChannelDescriptor | undefined {
  return byId.get(id);
}

/** The ids, as a zod enum for forms and tRPC inputs. */
export const BuiltInChannelIdSchema = z.enum(
  BUILT_IN_CHANNEL_DESCRIPTORS.map((descriptor) => descriptor.id) as [
    BuiltInChannelId,
    ...BuiltInChannelId[],
  ],
);

export {
  ChannelDefinitionError,
  DESCRIPTOR_PARTS,
  defineChannelDescriptor,
  missingDescriptorParts,
  uncreditedChannelIds,
  type TestRecipient,
  secretFieldsOf,
  type ChannelConsent,
  type ChannelSettingsDescriptor,
  type ChannelSettingsField,
  type ChannelTestDescriptor,
  type ChannelDescriptor,
  type ChannelEngagement,
} from './descriptor';
export * from './templates/content';

type BuiltInDescriptor = (typeof BUILT_IN_CHANNEL_DESCRIPTORS)[number];
type ContentSchemaById = { [D in BuiltInDescriptor as D['id']]: D['content'] };

/** Content schema per built-in channel id, read from the descriptors. Plugin channels bring their own. */
export const TEMPLATE_CONTENT_SCHEMAS = Object.fromEntries(
  BUILT_IN_CHANNEL_DESCRIPTORS.map((descriptor) => [descriptor.id, descriptor.content]),
) as ContentSchemaById;

export type BuiltInTemplateContent = z.output<ContentSchemaById[BuiltInChannelId]>;

/** Validates a template's content for its channel; errors carry the field path for the editor. */
export function parseTemplateContent(
  channel: BuiltInChannelId,
  content: unknown,
): { ok: true; content: BuiltInTemplateContent } | { ok: false; errors: FieldError[] } {
  const parsed = TEMPLATE_CONTENT_SCHEMAS[channel].safeParse(content);
  if (parsed.success) return { ok: true, content: parsed.data as BuiltInTemplateContent };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  };
}

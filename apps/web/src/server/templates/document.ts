import { CHANNEL_ID_BY_KIND, TEMPLATE_CONTENT_SCHEMAS, type BuiltInChannelId } from '@nudgeflow/channels';
import type { ChannelKind } from '@nudgeflow/db';
import { z } from 'zod';

export const TEMPLATE_FORMAT = 'nudgeflow.template/v1';

const CHANNEL_IDS = Object.keys(TEMPLATE_CONTENT_SCHEMAS) as [BuiltInChannelId, ...BuiltInChannelId[]];

/**
 * A template as code: what `GET /api/v1/templates/:id` exports and `POST /api/v1/templates` imports. `id`
 * is the template's id where it was exported: journeys name templates by id, so an import into another
 * workspace rewrites the journey's references from it to the template it creates or updates there.
 */
export const TemplateDocument = z.object({
  format: z.literal(TEMPLATE_FORMAT, `must be "${TEMPLATE_FORMAT}"`),
  id: z.uuid().optional(),
  name: z.string().trim().min(1, 'give the template a name').max(200),
  channel: z.enum(CHANNEL_IDS),
  topicKey: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _')
    .nullable()
    .optional(),
  content: z.unknown(),
});
export type TemplateDocument = z.infer<typeof TemplateDocument>;

export const KIND_BY_CHANNEL = Object.fromEntries(
  Object.entries(CHANNEL_ID_BY_KIND).map(([kind, id]) => [id, kind]),
) as Record<BuiltInChannelId, ChannelKind>;

export function channelOf(template: { channel: ChannelKind | null; pluginChannel: string | null }): string {
  return template.channel ? CHANNEL_ID_BY_KIND[template.channel] : (template.pluginChannel ?? 'unknown');
}

export function toTemplateDocument(template: {
  id: string;
  name: string;
  channel: ChannelKind | null;
  pluginChannel: string | null;
  topicKey: string | null;
  content: unknown;
}) {
  return {
    format: TEMPLATE_FORMAT,
    id: template.id,
    name: template.name,
    channel: channelOf(template),
    topicKey: template.topicKey,
    content: template.content,
  };
}

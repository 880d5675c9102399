import { saveTemplateWithCompile } from '@nudgeflow/channels';
import { findTemplate, listTemplates, type Db } from '@nudgeflow/db';
import { z } from 'zod';
import type { DomainProblem, Outcome } from '../http/outcome';
import { channelOf, KIND_BY_CHANNEL, TemplateDocument, toTemplateDocument } from './document';

/**
 * Templates as code: the operations behind /api/v1/templates, scoped to the caller's workspace. Content is
 * checked exactly as the editor's save checks it (schema per channel, Liquid syntax, MJML).
 */

const notFound: { ok: false; status: 404; errors: DomainProblem[] } = {
  ok: false,
  status: 404,
  errors: [{ message: 'No such template in this workspace' }],
};

const isUuid = (value: string) => z.uuid().safeParse(value).success;

export function summarizeTemplate(template: {
  id: string;
  name: string;
  channel: Parameters<typeof channelOf>[0]['channel'];
  pluginChannel: string | null;
  topicKey: string | null;
  updatedAt: Date;
}) {
  return {
    id: template.id,
    name: template.name,
    channel: channelOf(template),
    topicKey: template.topicKey,
    updatedAt: template.updatedAt.toISOString(),
  };
}
export type TemplateSummaryBody = ReturnType<typeof summarizeTemplate>;

export async function listWorkspaceTemplates(db: Db, workspaceId: string): Promise<TemplateSummaryBody[]> {
  return (await listTemplates(db, { workspaceId })).map(summarizeTemplate);
}

export async function exportTemplate(
  db: Db,
  workspaceId: string,
  templateId: string,
): Promise<Outcome<ReturnType<typeof toTemplateDocument>>> {
  const template = isUuid(templateId) ? await findTemplate(db, { workspaceId, templateId }) : null;
  if (!template || template.archivedAt) return notFound;
  return { ok: true, value: toTemplateDocument(template) };
}

export interface ImportedTemplateBody {
  template: TemplateSummaryBody;
  created: boolean;
}

/**
 * Creates or updates a template from a template document: the one at `templateId`, else the workspace's
 * template with the same name and channel (so re-importing a file updates it), else a new one.
 */
export async function importTemplate(
  db: Db,
  workspaceId: string,
  raw: unknown,
  options: { templateId?: string } = {},
): Promise<Outcome<ImportedTemplateBody>> {
  const parsed = TemplateDocument.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      errors: parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || 'body',
        message: issue.message,
      })),
    };
  const document = parsed.data;
  let templateId = options.templateId;
  if (templateId) {
    const existing = isUuid(templateId) ? await findTemplate(db, { workspaceId, templateId }) : null;
    if (!existing || existing.archivedAt) return notFound;
    if (channelOf(existing) !== document.channel)
      return {
        ok: false,
        status: 409,
        errors: [
          { field: 'channel', message: `a saved template keeps its channel (${channelOf(existing)})` },
        ],
      };
  } else {
    const sameName = await listTemplates(db, { workspaceId, channel: KIND_BY_CHANNEL[document.channel] });
    templateId = sameName.find((template) => template.name === document.name)?.id;
  }
  const saved = await saveTemplateWithCompile(db, {
    workspaceId,
    ...(templateId ? { templateId } : {}),
    name: document.name,
    channel: document.channel,
    content: document.content,
    topicKey: document.topicKey ?? null,
  });
  if (!saved.ok)
    return {
      ok: false,
      status: 400,
      errors: saved.errors.map((error) => ({
        field: `content.${error.field}`,
        message: error.line ? `${error.message} (line ${error.line})` : error.message,
      })),
    };
  return { ok: true, value: { template: summarizeTemplate(saved.template), created: !templateId } };
}

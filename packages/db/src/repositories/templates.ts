import type { Db } from '../client';
import { toJson } from '../json';
import { Prisma, type ChannelKind } from '../generated/prisma/client';

/**
 * Templates: content per locale (validated by packages/channels before it gets here) and compiled
 * artefacts (MJML → HTML), written together so `compiled` always matches `content`.
 */

const templateSelect = {
  id: true,
  workspaceId: true,
  name: true,
  channel: true,
  pluginChannel: true,
  content: true,
  compiled: true,
  topicKey: true,
  updatedAt: true,
  archivedAt: true,
} satisfies Prisma.TemplateSelect;

export type TemplateRecord = Prisma.TemplateGetPayload<{ select: typeof templateSelect }>;

export async function findTemplate(db: Db, input: { workspaceId: string; templateId: string }) {
  return db.template.findFirst({
    where: { id: input.templateId, workspaceId: input.workspaceId },
    select: templateSelect,
  });
}

export async function findTemplates(db: Db, input: { workspaceId: string; templateIds: string[] }) {
  if (input.templateIds.length === 0) return [];
  return db.template.findMany({
    where: { id: { in: input.templateIds }, workspaceId: input.workspaceId },
    select: templateSelect,
  });
}

export async function listTemplates(db: Db, input: { workspaceId: string; channel?: ChannelKind }) {
  return db.template.findMany({
    where: {
      workspaceId: input.workspaceId,
      archivedAt: null,
      ...(input.channel ? { channel: input.channel } : {}),
    },
    orderBy: { updatedAt: 'desc' },
    select: templateSelect,
  });
}

export interface SaveTemplateInput {
  workspaceId: string;
  /** Absent to create. */
  templateId?: string;
  name: string;
  channel: ChannelKind | null;
  pluginChannel: string | null;
  content: unknown;
  compiled: unknown;
  topicKey: string | null;
}

export async function saveTemplate(db: Db, input: SaveTemplateInput): Promise<TemplateRecord> {
  const data = {
    name: input.name,
    channel: input.channel,
    pluginChannel: input.pluginChannel,
    content: toJson(input.content),
    compiled: input.compiled === null ? Prisma.JsonNull : toJson(input.compiled),
    topicKey: input.topicKey,
  };
  if (!input.templateId) {
    return db.template.create({ data: { ...data, workspaceId: input.workspaceId }, select: templateSelect });
  }
  const updated = await db.template.updateMany({
    where: { id: input.templateId, workspaceId: input.workspaceId },
    data,
  });
  if (updated.count === 0) throw new Error(`template ${input.templateId} not found in this workspace`);
  return db.template.findUniqueOrThrow({ where: { id: input.templateId }, select: templateSelect });
}

export async function archiveTemplate(
  db: Db,
  input: { workspaceId: string; templateId: string },
): Promise<boolean> {
  const updated = await db.template.updateMany({
    where: { id: input.templateId, workspaceId: input.workspaceId, archivedAt: null },
    data: { archivedAt: new Date() },
  });
  return updated.count > 0;
}

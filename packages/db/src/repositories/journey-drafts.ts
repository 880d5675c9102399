import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';

/**
 * The draft's history: every change to a journey's draft is a row of patches (and their inverse) appended
 * under the journey's row lock, and bumps `draftRevision`. A change carries the revision it was based on;
 * when someone else saved in between, it is refused with the changes made since, never applied on top.
 * Applying patches belongs to the caller (`apply`), so this file owns only the data rules.
 */

export type DraftChangeKind = 'edit' | 'undo' | 'redo' | 'replace';

export const draftChangeSelect = {
  revision: true,
  kind: true,
  targetRevision: true,
  label: true,
  patches: true,
  inversePatches: true,
  author: true,
  createdAt: true,
} satisfies Prisma.JourneyDraftChangeSelect;
export type DraftChangeRecord = Prisma.JourneyDraftChangeGetPayload<{ select: typeof draftChangeSelect }>;

export interface AppendDraftChangeInput {
  workspaceId: string;
  journeyId: string;
  baseRevision: number;
  kind: DraftChangeKind;
  targetRevision?: number | null;
  label: string;
  patches: object[];
  inversePatches: object[];
  author: string | null;
  /** The draft after this change, or errors when the patches do not apply to it. */
  apply: (draft: unknown) => { ok: true; draft: object } | { ok: false; message: string };
}

export type AppendDraftChangeResult =
  | { ok: true; revision: number }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'archived' | 'invalid'; message: string }
  | { ok: false; reason: 'stale'; revision: number; changes: DraftChangeRecord[] };

export async function appendDraftChange(
  db: Db,
  input: AppendDraftChangeInput,
): Promise<AppendDraftChangeResult> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ status: string; draft: unknown; draftRevision: number }[]>`
      SELECT "status", "draft", "draftRevision" FROM "Journey"
      WHERE "id" = ${input.journeyId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid
      FOR UPDATE`;
      const journey = locked[0];
      if (!journey) return { ok: false, reason: 'not_found' } as const;
      if (journey.status === 'ARCHIVED')
        return {
          ok: false,
          reason: 'archived',
          message: 'This journey is archived and can no longer change',
        } as const;
      if (journey.draftRevision !== input.baseRevision) {
        const changes = await tx.journeyDraftChange.findMany({
          where: { journeyId: input.journeyId, revision: { gt: input.baseRevision } },
          orderBy: { revision: 'asc' },
          take: 50,
          select: draftChangeSelect,
        });
        return { ok: false, reason: 'stale', revision: journey.draftRevision, changes } as const;
      }
      const applied = input.apply(journey.draft);
      if (!applied.ok) return { ok: false, reason: 'invalid', message: applied.message } as const;
      const revision = journey.draftRevision + 1;
      await tx.journey.update({
        where: { id: input.journeyId },
        data: { draft: applied.draft as Prisma.InputJsonValue, draftRevision: revision },
      });
      await tx.journeyDraftChange.create({
        data: {
          journeyId: input.journeyId,
          revision,
          kind: input.kind,
          targetRevision: input.targetRevision ?? null,
          label: input.label,
          patches: input.patches as Prisma.InputJsonValue,
          inversePatches: input.inversePatches as Prisma.InputJsonValue,
          author: input.author,
        },
      });
      return { ok: true, revision } as const;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/**
 * The latest changes of a draft, oldest first: enough to rebuild the undo and redo stacks after a reload.
 * Served by the primary key (journeyId, revision).
 */
export async function listDraftChanges(
  db: Db,
  workspaceId: string,
  journeyId: string,
  options: { limit?: number } = {},
): Promise<DraftChangeRecord[]> {
  const journey = await db.journey.count({ where: { id: journeyId, workspaceId } });
  if (journey === 0) return [];
  const rows = await db.journeyDraftChange.findMany({
    where: { journeyId },
    orderBy: { revision: 'desc' },
    take: options.limit ?? 200,
    select: draftChangeSelect,
  });
  return rows.reverse();
}

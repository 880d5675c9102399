import type { Db } from '../client';
import { toJson } from '../json';
import type { Prisma } from '../generated/prisma/client';

/** The development mail catcher's store: every mail the SMTP sink received, shown in the mailbox page. */

export async function saveCaughtEmail(
  db: Db,
  input: {
    workspaceId: string | null;
    messageId: string | null;
    from: string;
    to: string[];
    subject: string;
    html: string | null;
    text: string | null;
    headers: Record<string, string>;
    sizeBytes: number;
  },
): Promise<string> {
  const row = await db.caughtEmail.create({
    data: { ...input, headers: toJson(input.headers) },
    select: { id: true },
  });
  return row.id;
}

export async function listCaughtEmails(db: Db, input: { workspaceId?: string; limit?: number } = {}) {
  return db.caughtEmail.findMany({
    where: input.workspaceId ? { workspaceId: input.workspaceId } : {},
    orderBy: { receivedAt: 'desc' },
    take: Math.min(input.limit ?? 50, 500),
  });
}

/** What a mailbox list shows: no bodies, so a page of large mails stays small. */
const caughtEmailSummarySelect = {
  id: true,
  from: true,
  to: true,
  subject: true,
  sizeBytes: true,
  receivedAt: true,
} satisfies Prisma.CaughtEmailSelect;

/**
 * One workspace's caught mail, newest first, keyset-paged by (receivedAt, id). Rows belong to a workspace
 * through the X-Nudgeflow-Workspace header the email channel puts on every message; mail without it
 * (other senders on the same catcher) belongs to no workspace and is never listed here.
 */
export async function listWorkspaceCaughtEmails(
  db: Db,
  input: { workspaceId: string; cursor?: string; limit?: number },
) {
  const take = Math.min(input.limit ?? 50, 200);
  const rows = await db.caughtEmail.findMany({
    where: { workspaceId: input.workspaceId },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: take + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: caughtEmailSummarySelect,
  });
  const items = rows.slice(0, take);
  return { items, nextCursor: rows.length > take ? (items.at(-1)?.id ?? null) : null };
}

/** One caught mail with its bodies and headers, only if it belongs to the workspace. */
export async function findCaughtEmail(db: Db, input: { workspaceId: string; id: string }) {
  return db.caughtEmail.findFirst({ where: { id: input.id, workspaceId: input.workspaceId } });
}

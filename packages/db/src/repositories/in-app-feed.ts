import type { Db } from '../client';

/**
 * In-app messages as the browser SDK receives them: by the visitor's anonymousId (a random id only their
 * browser knows), never by a guessable userId. One query serves every open stream of a web process.
 */

const feedSelect = {
  id: true,
  customerId: true,
  layout: true,
  content: true,
  createdAt: true,
  readAt: true,
  clickedAt: true,
} as const;

export type InAppFeedRow = {
  id: string;
  customerId: string;
  layout: string;
  content: unknown;
  createdAt: Date;
  readAt: Date | null;
  clickedAt: Date | null;
};

/** anonymousId → customerId for the ids that belong to a customer of the workspace. */
export async function customersForAnonymousIds(
  db: Db,
  workspaceId: string,
  anonymousIds: string[],
): Promise<Map<string, string>> {
  if (anonymousIds.length === 0) return new Map();
  const rows = await db.customerIdentity.findMany({
    where: { workspaceId, kind: 'ANONYMOUS_ID', value: { in: anonymousIds } },
    select: { value: true, customerId: true },
  });
  return new Map(rows.map((row) => [row.value, row.customerId]));
}

/** Undismissed, unexpired messages of these customers, newest first: unread banners and the inbox. */
export function listInAppFeed(
  db: Db,
  input: { workspaceId: string; customerIds: string[]; limit?: number; now?: Date },
): Promise<InAppFeedRow[]> {
  if (input.customerIds.length === 0) return Promise.resolve([]);
  const now = input.now ?? new Date();
  return db.inAppMessage.findMany({
    where: {
      workspaceId: input.workspaceId,
      customerId: { in: input.customerIds },
      dismissedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    orderBy: { createdAt: 'desc' },
    take: Math.min(input.limit ?? 50, 1000),
    select: feedSelect,
  });
}

/** The customer (and their userId, null while anonymous) each identity names: `a:<anonymousId>`, `u:<userId>`. */
export async function visitorCustomers(
  db: Db,
  workspaceId: string,
  ids: { anonymousIds?: string[]; userIds?: string[] },
): Promise<Map<string, { customerId: string; userId: string | null }>> {
  const anonymousIds = ids.anonymousIds ?? [];
  const userIds = ids.userIds ?? [];
  if (anonymousIds.length === 0 && userIds.length === 0) return new Map();
  const rows = await db.customerIdentity.findMany({
    where: {
      workspaceId,
      OR: [
        ...(anonymousIds.length > 0 ? [{ kind: 'ANONYMOUS_ID' as const, value: { in: anonymousIds } }] : []),
        ...(userIds.length > 0 ? [{ kind: 'USER_ID' as const, value: { in: userIds } }] : []),
      ],
    },
    select: { kind: true, value: true, customerId: true, customer: { select: { userId: true } } },
  });
  return new Map(
    rows.map((row) => [
      `${row.kind === 'USER_ID' ? 'u' : 'a'}:${row.value}`,
      { customerId: row.customerId, userId: row.customer.userId },
    ]),
  );
}

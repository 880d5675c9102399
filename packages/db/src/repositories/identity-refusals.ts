import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';

/**
 * Identity refusals: calls made with the public write key that claimed a userId without valid proof (see
 * docs/security.md, identity verification). Each is kept so support can see who tried to act as a shopper;
 * the call itself went on as anonymous activity, or was answered 403 (in-app feed and stream).
 */
export interface IdentityRefusalInput {
  workspaceId: string;
  claimedUserId: string;
  anonymousId: string | null;
  /** missing-proof, wrong-signature, expired-token … (apps/web security/identity-verification.ts). */
  reason: string;
  /** Where it was refused: `ingest:identify`, `in-app:feed`, `in-app:stream`, `push:subscribe` … */
  source: string;
  at?: Date;
}

/** The same refusal repeated within this window is recorded once: a polling browser must not fill the table. */
const REPEAT_WINDOW_MS = 5 * 60_000;

export const identityRefusalSelect = {
  id: true,
  customerId: true,
  claimedUserId: true,
  anonymousId: true,
  reason: true,
  source: true,
  at: true,
} satisfies Prisma.IdentityRefusalSelect;
export type IdentityRefusal = Prisma.IdentityRefusalGetPayload<{ select: typeof identityRefusalSelect }>;

/**
 * Records refusals, each linked to the customer its claimed userId names in the workspace (when there is
 * one). An identical refusal (same claim, anonymous id, reason and source) within the last five minutes is
 * not recorded again.
 */
export async function recordIdentityRefusals(db: Db, refusals: IdentityRefusalInput[]): Promise<number> {
  let recorded = 0;
  for (const refusal of refusals) {
    const at = refusal.at ?? new Date();
    const count = await db.$executeRaw`
      INSERT INTO "IdentityRefusal" ("workspaceId", "customerId", "claimedUserId", "anonymousId", reason, source, at)
      SELECT ${refusal.workspaceId}::uuid,
             (SELECT i."customerId" FROM "CustomerIdentity" i
               WHERE i."workspaceId" = ${refusal.workspaceId}::uuid AND i.kind = 'USER_ID' AND i.value = ${refusal.claimedUserId}),
             ${refusal.claimedUserId}, ${refusal.anonymousId}, ${refusal.reason}, ${refusal.source}, ${at}
       WHERE NOT EXISTS (
         SELECT 1 FROM "IdentityRefusal" r
          WHERE r."workspaceId" = ${refusal.workspaceId}::uuid AND r."claimedUserId" = ${refusal.claimedUserId}
            AND r."anonymousId" IS NOT DISTINCT FROM ${refusal.anonymousId} AND r.reason = ${refusal.reason}
            AND r.source = ${refusal.source} AND r.at > ${new Date(at.getTime() - REPEAT_WINDOW_MS)})`;
    recorded += count;
  }
  return recorded;
}

/** A customer's identity refusals, newest first (the profile page's slot). */
export function listIdentityRefusals(
  db: Db,
  workspaceId: string,
  customerId: string,
  options: { limit?: number } = {},
): Promise<IdentityRefusal[]> {
  return db.identityRefusal.findMany({
    where: { workspaceId, customerId },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: Math.min(options.limit ?? 100, 500),
    select: identityRefusalSelect,
  });
}

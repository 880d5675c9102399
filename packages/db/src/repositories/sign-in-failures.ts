import type { Db } from '../client';

/**
 * Failed sign-ins per account, kept in better-auth's own expiring key-value table (`verification`) under
 * `sign-in-failure:<email>`: one row per failure, expiring with the lockout window, so nothing needs a sweep
 * and a restart forgets nothing. Lockout policy lives in apps/web (sign-in-lockout.ts); this is only SQL.
 */
const key = (email: string) => `sign-in-failure:${email.trim().toLowerCase()}`;

/** When the account's failures that have not expired yet happened, oldest first. */
export async function recentSignInFailures(db: Db, email: string, now: Date): Promise<Date[]> {
  const rows = await db.verification.findMany({
    where: { identifier: key(email), expiresAt: { gt: now } },
    select: { createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => row.createdAt);
}

export async function recordSignInFailure(db: Db, email: string, at: Date, expiresAt: Date): Promise<void> {
  await db.verification.create({
    data: {
      id: crypto.randomUUID(),
      identifier: key(email),
      value: 'failed',
      createdAt: at,
      updatedAt: at,
      expiresAt,
    },
  });
}

export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.verification.deleteMany({ where: { identifier: key(email) } });
}

/** Signs a user out everywhere (member removed, password changed by someone else). */
export async function revokeAllSessionsOfUser(db: Db, userId: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId } });
  return count;
}

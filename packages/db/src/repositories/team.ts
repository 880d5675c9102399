import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../client';
import { Role, type Prisma } from '../generated/prisma/client';
import { revokeAllSessionsOfUser } from './sign-in-failures';
import { createPasswordUser } from './users';

/**
 * A workspace's team: members with a role, and invitations by email. Invitation tokens are 256 random bits
 * mailed once; only their sha256 is stored (nothing to brute-force, so a fast hash is enough). A token
 * works once (acceptedAt) and not after expiresAt. Every change that could leave a workspace without an
 * owner locks the workspace's owner rows first, so two admins demoting the last two owners at once cannot
 * both succeed.
 */

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string has the shape of an invitation token: lets callers reject garbage without a query. */
export function looksLikeInvitationToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Accounts made before emails were lower-cased on the way in still match. */
function emailIs(email: string): Prisma.UserWhereInput {
  return { email: { equals: email, mode: 'insensitive' } };
}

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(db: Db, workspaceId: string): Promise<TeamMember[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((row) => ({
    userId: row.user.id,
    name: row.user.name,
    email: row.user.email,
    role: row.role,
    joinedAt: row.createdAt,
  }));
}

/** What the Team tab lists: never the token hash. */
export const invitationSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  createdAt: true,
  invitedBy: { select: { name: true, email: true } },
} satisfies Prisma.InvitationSelect;
export type InvitationSummary = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

/** Invitations not yet accepted, expired ones included (so they can be resent), newest first. */
export function listPendingInvitations(db: Db, workspaceId: string): Promise<InvitationSummary[]> {
  return db.invitation.findMany({
    where: { workspaceId, acceptedAt: null },
    orderBy: { createdAt: 'desc' },
    select: invitationSelect,
  });
}

export type InviteOutcome =
  | { ok: true; invitation: InvitationSummary; token: string }
  | { ok: false; reason: 'already-member' | 'already-invited' };

/** A new invitation and its plain token (returned here only, for the mail). */
export async function createInvitation(
  db: Db,
  input: { workspaceId: string; email: string; role: Role; invitedById: string; now?: Date },
): Promise<InviteOutcome> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  const member = await db.membership.findFirst({
    where: { workspaceId: input.workspaceId, user: emailIs(email) },
    select: { id: true },
  });
  if (member) return { ok: false, reason: 'already-member' };
  const pending = await db.invitation.findFirst({
    where: { workspaceId: input.workspaceId, email, acceptedAt: null, expiresAt: { gt: now } },
    select: { id: true },
  });
  if (pending) return { ok: false, reason: 'already-invited' };
  const token = randomBytes(32).toString('base64url');
  const invitation = await db.invitation.create({
    data: {
      workspaceId: input.workspaceId,
      email,
      role: input.role,
      invitedById: input.invitedById,
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    },
    select: invitationSelect,
  });
  return { ok: true, invitation, token };
}

/**
 * Resending issues a new token and a fresh expiry: the old link stops working, so a mail that went astray
 * cannot be used once the invitee has the new one. Null when there is no pending invitation with this id.
 */
export async function reissueInvitation(
  db: Db,
  input: { workspaceId: string; invitationId: string; now?: Date },
): Promise<{ invitation: InvitationSummary; token: string } | null> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const { count } = await db.invitation.updateMany({
    where: { id: input.invitationId, workspaceId: input.workspaceId, acceptedAt: null },
    data: { tokenHash: hashInvitationToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
  });
  if (count === 0) return null;
  const invitation = await db.invitation.findUniqueOrThrow({
    where: { id: input.invitationId },
    select: invitationSelect,
  });
  return { invitation, token };
}

/** Deletes a pending invitation, so its link stops working. False when there is none with this id. */
export async function revokeInvitation(db: Db, workspaceId: string, invitationId: string): Promise<boolean> {
  const { count } = await db.invitation.deleteMany({
    where: { id: invitationId, workspaceId, acceptedAt: null },
  });
  return count > 0;
}

export type InvitationStatus = 'pending' | 'expired' | 'accepted';

export interface InvitationByToken {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  expiresAt: Date;
  workspace: { id: string; name: string };
  invitedByName: string | null;
  /** Whether an account with the invited email exists: the invitee signs in rather than sets a password. */
  accountExists: boolean;
}

/** What the accept page shows for a token; null for a token that matches nothing (or was reissued). */
export async function findInvitationByToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<InvitationByToken | null> {
  if (!looksLikeInvitationToken(token)) return null;
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      workspace: { select: { id: true, name: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!row) return null;
  const account = await db.user.findFirst({ where: emailIs(row.email), select: { id: true } });
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.acceptedAt ? 'accepted' : row.expiresAt <= now ? 'expired' : 'pending',
    expiresAt: row.expiresAt,
    workspace: row.workspace,
    invitedByName: row.invitedBy?.name ?? null,
    accountExists: account !== null,
  };
}

export type AcceptOutcome =
  | { ok: true; workspaceId: string; userId: string; email: string }
  | { ok: false; reason: 'invalid' | 'expired' | 'accepted' | 'account-exists' | 'wrong-account' };

/**
 * Accepts an invitation: marks it accepted (the conditional update is what makes the token single-use
 * under concurrency), then either creates the invitee's password account (`newAccount`) or adds the
 * signed-in user (`userId`, whose email must be the invited one) to the workspace, in one transaction.
 */
export async function acceptInvitation(
  db: Db,
  input: {
    token: string;
    now?: Date;
  } & ({ newAccount: { name: string; passwordHash: string } } | { userId: string }),
): Promise<AcceptOutcome> {
  const now = input.now ?? new Date();
  if (!looksLikeInvitationToken(input.token)) return { ok: false, reason: 'invalid' };
  const tokenHash = hashInvitationToken(input.token);
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash } });
    if (!invitation) return { ok: false, reason: 'invalid' } as const;
    if (invitation.acceptedAt) return { ok: false, reason: 'accepted' } as const;
    if (invitation.expiresAt <= now) return { ok: false, reason: 'expired' } as const;
    const account = await tx.user.findFirst({ where: emailIs(invitation.email), select: { id: true } });
    if ('newAccount' in input && account) return { ok: false, reason: 'account-exists' } as const;
    if ('userId' in input && account?.id !== input.userId)
      return { ok: false, reason: 'wrong-account' } as const;
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: now },
    });
    if (claimed.count === 0) return { ok: false, reason: 'accepted' } as const;
    const userId =
      'newAccount' in input
        ? await createPasswordUser(tx, {
            email: invitation.email,
            name: input.newAccount.name,
            passwordHash: input.newAccount.passwordHash,
            now,
          })
        : input.userId;
    // Someone who became a member meanwhile keeps the role they have.
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId } },
      create: { workspaceId: invitation.workspaceId, userId, role: invitation.role },
      update: {},
    });
    return { ok: true, workspaceId: invitation.workspaceId, userId, email: invitation.email } as const;
  });
}

export type TeamChangeOutcome = { ok: true } | { ok: false; reason: 'not-member' | 'last-owner' };

/**
 * Runs `change` on one membership with the workspace's owner rows locked, refusing when the change would
 * leave the workspace with no owner.
 */
async function changeMembership(
  db: Db,
  workspaceId: string,
  userId: string,
  change: (tx: Prisma.TransactionClient) => Promise<unknown>,
  keepsOwner: boolean,
): Promise<TeamChangeOutcome> {
  return db.$transaction(async (tx) => {
    const owners = await tx.$queryRaw<{ userId: string }[]>`
      SELECT "userId" FROM "Membership"
      WHERE "workspaceId" = ${workspaceId}::uuid AND role = 'OWNER'::"Role"
      FOR UPDATE`;
    const membership = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      select: { role: true },
    });
    if (!membership) return { ok: false, reason: 'not-member' } as const;
    const isOwner = owners.some((owner) => owner.userId === userId);
    if (isOwner && !keepsOwner && owners.length <= 1) return { ok: false, reason: 'last-owner' } as const;
    await change(tx);
    return { ok: true } as const;
  });
}

export function findMemberRole(db: Db, workspaceId: string, userId: string): Promise<Role | null> {
  return db.membership
    .findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { role: true } })
    .then((row) => row?.role ?? null);
}

export function changeMemberRole(
  db: Db,
  input: { workspaceId: string; userId: string; role: Role },
): Promise<TeamChangeOutcome> {
  return changeMembership(
    db,
    input.workspaceId,
    input.userId,
    (tx) =>
      tx.membership.update({
        where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
        data: { role: input.role },
      }),
    input.role === Role.OWNER,
  );
}

/**
 * Removes a member and signs them out everywhere: sessions are not per workspace, and a removed member
 * must not keep a session opened while they were one (their next request is signed out).
 */
export async function removeMember(
  db: Db,
  input: { workspaceId: string; userId: string },
): Promise<TeamChangeOutcome> {
  const outcome = await changeMembership(
    db,
    input.workspaceId,
    input.userId,
    (tx) =>
      tx.membership.delete({
        where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
      }),
    false,
  );
  if (outcome.ok) await revokeAllSessionsOfUser(db, input.userId);
  return outcome;
}

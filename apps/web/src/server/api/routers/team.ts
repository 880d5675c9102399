import {
  changeMemberRole,
  createInvitation,
  findMemberRole,
  findWorkspaceById,
  listMembers,
  listPendingInvitations,
  reissueInvitation,
  removeMember,
  revokeInvitation,
  type Role,
  type TeamChangeOutcome,
} from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { mailInvitation } from '../../team/invitation-mail';
import { createTRPCRouter, FieldErrors, permittedProcedure } from '../trpc';

const RoleInput = z.enum(['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT']);

/** Owners are made and unmade by owners only: an admin cannot promote themselves past the one who invited them. */
function requireOwnerFor(callerRole: Role, touchesOwner: boolean): void {
  if (touchesOwner && callerRole !== 'OWNER') {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'only an owner may grant, change or remove the owner role',
    });
  }
}

function refuse(outcome: TeamChangeOutcome & { ok: false }, action: string): never {
  if (outcome.reason === 'not-member') throw new TRPCError({ code: 'NOT_FOUND', message: 'no such member' });
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: `cannot ${action} the last owner: make another member owner first`,
  });
}

async function sendInvitation(
  ctx: {
    db: Parameters<typeof findWorkspaceById>[0];
    workspaceId: string;
    session: { user: { name: string } };
  },
  invitation: { email: string; role: Role; expiresAt: Date },
  token: string,
): Promise<void> {
  const workspace = await findWorkspaceById(ctx.db, ctx.workspaceId);
  await mailInvitation({
    to: invitation.email,
    workspaceId: ctx.workspaceId,
    workspaceName: workspace?.name ?? 'a workspace',
    inviterName: ctx.session.user.name,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    token,
  });
}

/**
 * The Team tab: members and their roles, invitations by email. Reading is for every member (people look
 * up who to ask); changing it is for owners and admins (the role matrix's team.write).
 */
export const teamRouter = createTRPCRouter({
  members: permittedProcedure('team.read').query(({ ctx }) => listMembers(ctx.db, ctx.workspaceId)),
  invitations: permittedProcedure('team.read').query(({ ctx }) =>
    listPendingInvitations(ctx.db, ctx.workspaceId),
  ),
  invite: permittedProcedure('team.write')
    .input(z.object({ email: z.email('Enter an email address').max(320), role: RoleInput }))
    .mutation(async ({ ctx, input }) => {
      requireOwnerFor(ctx.role, input.role === 'OWNER');
      const outcome = await createInvitation(ctx.db, {
        workspaceId: ctx.workspaceId,
        email: input.email,
        role: input.role,
        invitedById: ctx.session.user.id,
      });
      if (!outcome.ok) {
        const message =
          outcome.reason === 'already-member'
            ? 'is already a member of this workspace'
            : 'already has a pending invitation: resend it instead';
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message,
          cause: new FieldErrors([{ field: 'email', message }]),
        });
      }
      await sendInvitation(ctx, outcome.invitation, outcome.token);
      return outcome.invitation;
    }),
  resendInvitation: permittedProcedure('team.write')
    .input(z.object({ invitationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const reissued = await reissueInvitation(ctx.db, {
        workspaceId: ctx.workspaceId,
        invitationId: input.invitationId,
      });
      if (!reissued)
        throw new TRPCError({ code: 'NOT_FOUND', message: 'no pending invitation with this id' });
      await sendInvitation(ctx, reissued.invitation, reissued.token);
      return reissued.invitation;
    }),
  revokeInvitation: permittedProcedure('team.write')
    .input(z.object({ invitationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const revoked = await revokeInvitation(ctx.db, ctx.workspaceId, input.invitationId);
      if (!revoked) throw new TRPCError({ code: 'NOT_FOUND', message: 'no pending invitation with this id' });
      return { revoked: true };
    }),
  changeRole: permittedProcedure('team.write')
    .input(z.object({ userId: z.string().min(1).max(100), role: RoleInput }))
    .mutation(async ({ ctx, input }) => {
      const current = await findMemberRole(ctx.db, ctx.workspaceId, input.userId);
      if (!current) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such member' });
      requireOwnerFor(ctx.role, current === 'OWNER' || input.role === 'OWNER');
      const outcome = await changeMemberRole(ctx.db, {
        workspaceId: ctx.workspaceId,
        userId: input.userId,
        role: input.role,
      });
      if (!outcome.ok) refuse(outcome, 'demote');
      return { userId: input.userId, role: input.role };
    }),
  /** Removing a member signs them out everywhere at once (their sessions are deleted). */
  removeMember: permittedProcedure('team.write')
    .input(z.object({ userId: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const current = await findMemberRole(ctx.db, ctx.workspaceId, input.userId);
      if (!current) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such member' });
      requireOwnerFor(ctx.role, current === 'OWNER');
      const outcome = await removeMember(ctx.db, { workspaceId: ctx.workspaceId, userId: input.userId });
      if (!outcome.ok) refuse(outcome, 'remove');
      return { removed: true };
    }),
});

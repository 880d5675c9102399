import { listWorkspacesForUser } from '@nudgeflow/db';
import { createTRPCRouter, permittedProcedure, protectedProcedure } from '../trpc';

export const workspaceRouter = createTRPCRouter({
  /** Workspaces the caller belongs to, for the switcher. */
  list: protectedProcedure.query(async ({ ctx }) => {
    const memberships = await listWorkspacesForUser(ctx.db, ctx.session.user.id);
    return memberships.map(({ role, workspace }) => ({ ...workspace, role }));
  }),
  current: permittedProcedure('workspace.read').query(async ({ ctx }) => {
    const memberships = await listWorkspacesForUser(ctx.db, ctx.session.user.id);
    const found = memberships.find((membership) => membership.workspace.id === ctx.workspaceId);
    return found ? { ...found.workspace, role: found.role } : null;
  }),
});

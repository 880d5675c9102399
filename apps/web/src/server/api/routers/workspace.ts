import { listWorkspacesForUser } from '@nudgeflow/db';
import { dismissFirstRunChecklist, firstRunChecklist } from '../../workspaces/first-run';
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
  /** The first-run checklist: each step ticked from the workspace's data, and whether it was put away. */
  checklist: permittedProcedure('workspace.read').query(({ ctx }) =>
    firstRunChecklist(ctx.db, ctx.workspaceId),
  ),
  dismissChecklist: permittedProcedure('checklist.dismiss').mutation(async ({ ctx }) => {
    await dismissFirstRunChecklist(ctx.db, ctx.workspaceId, ctx.session.user.id);
    return firstRunChecklist(ctx.db, ctx.workspaceId);
  }),
});

import { createOwnedWorkspace, listWorkspacesForUser } from '@nudgeflow/db';
import { z } from 'zod';
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
  /**
   * "Create workspace": any signed-in user may start one (a second shop, a staging copy) and becomes its
   * owner; it gets keys of its own. Only the id and name come back: the keys stay on the server.
   */
  create: protectedProcedure
    .input(
      z.object({ name: z.string().trim().min(1, 'Name the workspace').max(100, 'At most 100 characters') }),
    )
    .mutation(async ({ ctx, input }) => {
      const workspace = await createOwnedWorkspace(ctx.db, {
        name: input.name,
        ownerUserId: ctx.session.user.id,
      });
      return { id: workspace.id, name: workspace.name };
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

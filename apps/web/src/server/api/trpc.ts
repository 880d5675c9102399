import { getDb, findMembership, type Db, type Role } from '@nudgeflow/db';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { getSessionUser, type SessionUser } from '../auth';
import { PERMISSIONS, type Permission } from './permissions';

/**
 * tRPC as create-t3-app lays it out: a context tests can build without HTTP (`createContextInner`), an
 * errorFormatter that flattens ZodError per field so forms can show each message next to its input, and
 * procedures that check the caller before any handler runs.
 */
export interface ContextInner {
  session: { user: SessionUser } | null;
  db?: Db;
}

export function createContextInner(options: ContextInner) {
  return { session: options.session, db: options.db ?? getDb() };
}

export async function createTRPCContext(options: { headers: Headers }) {
  const user = await getSessionUser(options.headers);
  return createContextInner({ session: user ? { user } : null });
}

export type Context = Awaited<ReturnType<typeof createContextInner>>;

/**
 * Field errors found past the input schema (a repository's checks: an unknown segment, a cycle), carried
 * as the cause of a BAD_REQUEST so forms get them the same way as zod's.
 */
export class FieldErrors extends Error {
  constructor(readonly errors: readonly { field: string; message: string }[]) {
    super(errors[0]?.message ?? 'invalid input');
  }
}

/** `permission`: what a workspace procedure requires, read by the role-matrix test. */
export interface ProcedureMeta {
  permission?: Permission;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
      // Every problem with its full path (`governance.quietHours.start`), where flattenError keeps the top key.
      const fieldErrors =
        error.cause instanceof FieldErrors
          ? error.cause.errors
          : error.cause instanceof ZodError
            ? error.cause.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }))
            : null;
      return { ...shape, data: { ...shape.data, zodError, fieldErrors } };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

export const publicProcedure = t.procedure;

export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

export const ALL_ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'MARKETER', 'DEVELOPER', 'SUPPORT'];

/**
 * A procedure for one workspace: its input carries `workspaceId`, and the caller must be a member with one
 * of `roles`. Non-members get NOT_FOUND, so a workspace's existence does not leak.
 */
function workspaceProcedureFor(roles: readonly Role[]) {
  return protectedProcedure.input(z.object({ workspaceId: z.uuid() })).use(async ({ ctx, input, next }) => {
    const membership = await findMembership(ctx.db, input.workspaceId, ctx.session.user.id);
    if (!membership) throw new TRPCError({ code: 'NOT_FOUND', message: 'workspace not found' });
    if (!roles.includes(membership.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `needs one of the roles ${roles.join(', ')}` });
    }
    return next({ ctx: { ...ctx, workspaceId: input.workspaceId, role: membership.role } });
  });
}

/**
 * The only way to make a workspace procedure: open to the roles that `permission` lists in the role matrix
 * (permissions.ts), and tagged with it so the role-matrix test knows what to expect of every procedure.
 */
export function permittedProcedure(permission: Permission) {
  return workspaceProcedureFor(PERMISSIONS[permission]).meta({ permission });
}

import { env } from '@nudgeflow/config';
import { clearSignInFailures, getDb, recentSignInFailures, recordSignInFailure } from '@nudgeflow/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { LOCKOUT_WINDOW_MS, lockoutDecision } from './accounts/sign-in-lockout';

const SIGN_IN = '/sign-in/email';

function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length > 0 && email.length <= 320 ? email : null;
}

/**
 * Before a sign-in: refuse a locked account at once (429 with Retry-After), before the password is even
 * checked, so a locked account gives a guesser nothing. Before a password change: always sign the user's
 * other sessions out (a stolen session must not outlive the password it was opened with).
 */
const beforeHook = createAuthMiddleware(async (ctx) => {
  if (ctx.path === SIGN_IN) {
    const email = emailOf(ctx.body);
    if (!email) return;
    const now = new Date();
    const decision = lockoutDecision(await recentSignInFailures(getDb(), email, now), now);
    if (decision.locked) {
      throw new APIError(
        'TOO_MANY_REQUESTS',
        { message: decision.message, code: 'ACCOUNT_LOCKED' },
        { 'Retry-After': String(decision.retryAfterSeconds) },
      );
    }
  }
  if (ctx.path === '/change-password') {
    return { context: { ...ctx, body: { ...(ctx.body as object), revokeOtherSessions: true } } };
  }
});

/** After a sign-in: count a wrong password against the account, forget the failures on success. */
const afterHook = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== SIGN_IN) return;
  const email = emailOf(ctx.body);
  if (!email) return;
  const returned = ctx.context.returned;
  if (returned instanceof APIError) {
    if (returned.statusCode === 401) {
      const now = new Date();
      await recordSignInFailure(getDb(), email, now, new Date(now.getTime() + LOCKOUT_WINDOW_MS));
    }
    return;
  }
  await clearSignInFailures(getDb(), email);
});

/**
 * better-auth over the user/session/account/verification tables of schema.prisma. Built on first use, not
 * at import, so `next build` does not need a database or a secret. Sign-up is closed: accounts come from
 * the first-run owner (the seed) and invitations only.
 */
function createAuth() {
  const { AUTH_SECRET, PUBLIC_URL } = env();
  return betterAuth({
    database: prismaAdapter(getDb(), { provider: 'postgresql' }),
    secret: AUTH_SECRET,
    baseURL: PUBLIC_URL,
    trustedOrigins: [PUBLIC_URL],
    emailAndPassword: { enabled: true, minPasswordLength: 8, disableSignUp: true },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    hooks: { before: beforeHook, after: afterHook },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
let auth: Auth | undefined;

export function getAuth(): Auth {
  auth ??= createAuth();
  return auth;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** The signed-in user for a request, or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name };
}

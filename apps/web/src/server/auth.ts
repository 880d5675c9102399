import { env } from '@nudgeflow/config';
import { getDb } from '@nudgeflow/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';

/**
 * better-auth over the user/session/account/verification tables of schema.prisma. Built on first use, not
 * at import, so `next build` does not need a database or a secret.
 */
function createAuth() {
  const { AUTH_SECRET, PUBLIC_URL } = env();
  return betterAuth({
    database: prismaAdapter(getDb(), { provider: 'postgresql' }),
    secret: AUTH_SECRET,
    baseURL: PUBLIC_URL,
    trustedOrigins: [PUBLIC_URL],
    emailAndPassword: { enabled: true, minPasswordLength: 8 },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
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

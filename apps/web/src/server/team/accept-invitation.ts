import { acceptInvitation, getDb, type AcceptOutcome } from '@nudgeflow/db';
import { hashPassword } from 'better-auth/crypto';
import { z } from 'zod';
import { getSessionUser } from '../auth';
import { readJson } from '../http/read-body';
import { HttpError, jsonResponse } from '../http/responses';

/** `{ name, password }` for a new account, `{}` to join as the signed-in user. */
const AcceptBody = z
  .object({
    name: z.string().trim().min(1, 'Enter your name').max(100, 'At most 100 characters').optional(),
    password: z.string().min(8, 'At least 8 characters').max(128, 'At most 128 characters').optional(),
  })
  .strict();

const REFUSALS: Record<Exclude<AcceptOutcome, { ok: true }>['reason'], [number, string]> = {
  invalid: [404, 'this invitation link is not valid'],
  expired: [410, 'this invitation has expired: ask for a new one'],
  accepted: [410, 'this invitation was already used'],
  'account-exists': [409, 'an account with this email exists: sign in to accept'],
  'wrong-account': [403, 'you are signed in with another email than the invited one'],
};

/**
 * POST /api/invitations/:token. The token in the path is the credential (it was mailed to the invitee,
 * so holding it proves the address). With `{ name, password }` it creates the invitee's account; with
 * `{}` it adds the signed-in user whose email was invited. Either way the invitation is used up.
 */
export async function handleAcceptInvitation(request: Request, params: { token: string }): Promise<Response> {
  const body = await readJson(request, { limit: 4096, schema: AcceptBody });
  let outcome: AcceptOutcome;
  if (body.password !== undefined || body.name !== undefined) {
    if (body.name === undefined) throw new HttpError(400, { field: 'name', message: 'Enter your name' });
    if (body.password === undefined)
      throw new HttpError(400, { field: 'password', message: 'Choose a password' });
    outcome = await acceptInvitation(getDb(), {
      token: params.token,
      newAccount: { name: body.name, passwordHash: await hashPassword(body.password) },
    });
  } else {
    const user = await getSessionUser(request.headers);
    if (!user) throw new HttpError(401, { field: 'authorization', message: 'sign in first to accept' });
    outcome = await acceptInvitation(getDb(), { token: params.token, userId: user.id });
  }
  if (!outcome.ok) {
    const [status, message] = REFUSALS[outcome.reason];
    throw new HttpError(status, { field: 'token', message });
  }
  return jsonResponse(200, { workspaceId: outcome.workspaceId, email: outcome.email });
}

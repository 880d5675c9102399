import { findIdentityVerification, findWorkspaceBySlug, getDb } from '@nudgeflow/db';
import { z } from 'zod';
import { readJson } from '../http/read-body';
import { HttpError, jsonResponse } from '../http/responses';
import { userHash } from './identity-verification';

/** The demo workspace's slug (the demo shop at /shop sells its catalog). */
const DEMO_WORKSPACE_SLUG = 'demo';

const DemoShopperBody = z.object({ email: z.email('must be an email address').max(320) });

/**
 * POST /shop/identity { email } → { userId, userHash }: the demo shop's server signing its shopper's user id
 * (identity verification, docs/security.md), as a real shop's backend does for its logged-in customer. The
 * demo has no passwords, so whoever types an email at checkout is that shopper: this signs any email, for
 * the demo workspace only. A real shop signs only the id of the customer its own session says is logged in.
 */
export async function handleDemoShopIdentity(request: Request): Promise<Response> {
  const body = await readJson(request, { limit: 4096, schema: DemoShopperBody });
  const workspace = await findWorkspaceBySlug(getDb(), DEMO_WORKSPACE_SLUG);
  if (!workspace)
    throw new HttpError(404, { field: 'workspace', message: 'the demo workspace is not seeded' });
  const { secret } = await findIdentityVerification(getDb(), workspace.id);
  const userId = body.email.trim().toLowerCase();
  return jsonResponse(200, { userId, userHash: userHash(secret, userId) }, { 'Cache-Control': 'no-store' });
}

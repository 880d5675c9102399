import { findWorkspaceByWriteKey, getDb } from '@nudgeflow/db';

/**
 * Write keys are looked up on every request; a short cache keeps that off the database. Unknown keys are
 * remembered briefly too, so a client with a wrong key cannot turn its retries into database load.
 */
const FOUND_TTL_MS = 30_000;
const MISSING_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { workspaceId: string | null; expires: number }>();

export async function workspaceIdForWriteKey(writeKey: string): Promise<string | null> {
  const now = Date.now();
  const hit = cache.get(writeKey);
  if (hit && hit.expires > now) return hit.workspaceId;
  const workspace = await findWorkspaceByWriteKey(getDb(), writeKey);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const workspaceId = workspace?.id ?? null;
  let expires = now + (workspaceId ? FOUND_TTL_MS : MISSING_TTL_MS);
  // A key from before a rotation is remembered no longer than its overlap lasts.
  if (workspace && workspace.writeKey !== writeKey && workspace.previousWriteKeyExpiresAt)
    expires = Math.min(expires, workspace.previousWriteKeyExpiresAt.getTime());
  cache.set(writeKey, { workspaceId, expires });
  return workspaceId;
}

/** Forgets cached lookups (after a rotation in this process, so an ended key is refused at once). */
export function forgetWriteKey(): void {
  cache.clear();
}

/** Reads the write key from `Authorization: Basic base64(writeKey:)`; undefined when the header is absent. */
export function writeKeyFromBasicAuth(header: string | null): string | null | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    decoded = Buffer.from(match[1], 'base64').toString('utf8');
  } catch {
    return null;
  }
  const user = decoded.split(':')[0] ?? '';
  return user.length > 0 && user.length <= 255 ? user : null;
}

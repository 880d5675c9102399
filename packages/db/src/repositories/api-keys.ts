import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../client';
import type { Prisma, Workspace } from '../generated/prisma/client';

/**
 * Secret API keys for the management API and CLI. The plain key is shown once at creation; only its sha256
 * is stored (keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force).
 */

const KEY_PREFIX = 'nf_sk_';
/** Characters kept in clear so people can tell keys apart in the UI: "nf_sk_" plus six of the secret. */
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 6;
/** lastUsedAt is a hint for people, not an audit log: write it at most once a minute per key. */
const TOUCH_INTERVAL_MS = 60_000;

export const apiKeySelect = {
  id: true,
  workspaceId: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} satisfies Prisma.ApiKeySelect;
export type ApiKeySummary = Prisma.ApiKeyGetPayload<{ select: typeof apiKeySelect }>;

export function hashApiKey(plainKey: string): string {
  return createHash('sha256').update(plainKey).digest('hex');
}

export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Whether a string has the shape of one of our keys: lets callers reject garbage without a query. */
export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(KEY_PREFIX.length));
}

export async function createApiKey(
  db: Db,
  input: { workspaceId: string; name: string },
): Promise<{ apiKey: ApiKeySummary; plainKey: string }> {
  const plainKey = generateApiKey();
  const apiKey = await db.apiKey.create({
    data: {
      workspaceId: input.workspaceId,
      name: input.name,
      prefix: plainKey.slice(0, DISPLAY_PREFIX_LENGTH),
      hashedKey: hashApiKey(plainKey),
    },
    select: apiKeySelect,
  });
  return { apiKey, plainKey };
}

export function listApiKeys(db: Db, workspaceId: string): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({ where: { workspaceId }, orderBy: { createdAt: 'desc' }, select: apiKeySelect });
}

/** Revokes a key of this workspace. False when no such live key exists there. */
export async function revokeApiKey(db: Db, workspaceId: string, apiKeyId: string): Promise<boolean> {
  const { count } = await db.apiKey.updateMany({
    where: { id: apiKeyId, workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

/** The workspace a live key belongs to, or null for an unknown or revoked key. Records when it was last used. */
export async function authenticateApiKey(
  db: Db,
  plainKey: string,
  now: Date = new Date(),
): Promise<{ workspace: Workspace; apiKey: ApiKeySummary } | null> {
  if (!looksLikeApiKey(plainKey)) return null;
  const found = await db.apiKey.findUnique({
    where: { hashedKey: hashApiKey(plainKey) },
    select: { ...apiKeySelect, workspace: true },
  });
  if (!found || found.revokedAt) return null;
  const { workspace, ...apiKey } = found;
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    // Conditional so concurrent requests with the same key write once.
    await db.apiKey.updateMany({
      where: {
        id: apiKey.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - TOUCH_INTERVAL_MS) } }],
      },
      data: { lastUsedAt: now },
    });
    apiKey.lastUsedAt = now;
  }
  return { workspace, apiKey };
}

import { randomUUID } from 'node:crypto';
import type { Db } from '../client';
import { type Membership, type Prisma, Role, type Workspace } from '../generated/prisma/client';

import { generateSigningSecret, generateVapidKeys, generateWriteKey } from '../workspace-keys';
import { sealWorkspaceSecrets } from './workspace-secrets';

/** A workspace row, keys and settings included: server code only, never sent to a browser as is. */
export type { Workspace };

/** A new workspace's row with its freshly generated secrets in plain text (the row holds them sealed). */
export type CreatedWorkspace = Workspace & { signingSecret: string; vapidPrivateKey: string };

/** Fields that may reach the browser: never the VAPID private key or the signing secret. */
export const publicWorkspaceSelect = {
  id: true,
  name: true,
  slug: true,
  writeKey: true,
  timezone: true,
  defaultLocale: true,
  vapidPublicKey: true,
  createdAt: true,
} satisfies Prisma.WorkspaceSelect;
export type PublicWorkspace = Prisma.WorkspaceGetPayload<{ select: typeof publicWorkspaceSelect }>;

export interface CreateWorkspaceInput {
  name: string;
  slug: string;
  timezone?: string;
  defaultLocale?: string;
  vapidSubject?: string;
  /** Given only by the demo seed, so the documented demo write key stays stable across machines. */
  writeKey?: string;
  /** The user who becomes the workspace's OWNER. */
  ownerUserId?: string;
}

/**
 * Creates a workspace with fresh VAPID keys, write key and signing secret (sealed in the row, handed back
 * opened to the caller); optionally its OWNER membership.
 */
export async function createWorkspace(db: Db, input: CreateWorkspaceInput): Promise<CreatedWorkspace> {
  const vapid = generateVapidKeys();
  // The id is chosen here because each sealed secret is bound to its workspace.
  const id = randomUUID();
  const secrets = { signingSecret: generateSigningSecret(), vapidPrivateKey: vapid.privateKey };
  const row = await db.workspace.create({
    data: {
      id,
      name: input.name,
      slug: input.slug,
      writeKey: input.writeKey ?? generateWriteKey(),
      timezone: input.timezone ?? 'UTC',
      defaultLocale: input.defaultLocale ?? 'en',
      vapidPublicKey: vapid.publicKey,
      ...sealWorkspaceSecrets(id, secrets),
      ...(input.vapidSubject ? { vapidSubject: input.vapidSubject } : {}),
      ...(input.ownerUserId
        ? { memberships: { create: { userId: input.ownerUserId, role: Role.OWNER } } }
        : {}),
    },
  });
  return { ...row, ...secrets };
}

export function findWorkspaceById(db: Db, id: string): Promise<Workspace | null> {
  return db.workspace.findUnique({ where: { id } });
}

export function findWorkspaceBySlug(db: Db, slug: string): Promise<Workspace | null> {
  return db.workspace.findUnique({ where: { slug } });
}

/**
 * The workspace an ingestion request or the browser SDK addresses by its public write key: the current
 * key, or the one before the last rotation until its overlap ends.
 */
export async function findWorkspaceByWriteKey(
  db: Db,
  writeKey: string,
  now = new Date(),
): Promise<Workspace | null> {
  const current = await db.workspace.findUnique({ where: { writeKey } });
  if (current) return current;
  return db.workspace.findFirst({
    where: { previousWriteKey: writeKey, previousWriteKeyExpiresAt: { gt: now } },
  });
}

/** The user's membership in a workspace, or null when they have none (treat as "not found", not "forbidden"). */
export function findMembership(db: Db, workspaceId: string, userId: string): Promise<Membership | null> {
  return db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
}

/** Every workspace the user belongs to, with their role there, oldest first. */
export async function listWorkspacesForUser(
  db: Db,
  userId: string,
): Promise<Array<{ role: Role; workspace: PublicWorkspace }>> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, workspace: { select: publicWorkspaceSelect } },
  });
  return memberships;
}

export function addMember(db: Db, workspaceId: string, userId: string, role: Role): Promise<Membership> {
  return db.membership.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, role },
    update: { role },
  });
}

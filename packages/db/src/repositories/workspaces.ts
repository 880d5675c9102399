import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../client';
import { type Membership, type Prisma, Role, type Workspace } from '../generated/prisma/client';

import {
  generateIdentitySecret,
  generateSigningSecret,
  generateVapidKeys,
  generateWriteKey,
} from '../workspace-keys';
import { sealWorkspaceSecrets } from './workspace-secrets';

/** A workspace row, keys and settings included: server code only, never sent to a browser as is. */
export type { Workspace };

/** A new workspace's row with its freshly generated secrets in plain text (the row holds them sealed). */
export type CreatedWorkspace = Workspace & { signingSecret: string; vapidPrivateKey: string };

/** Fields that may reach the browser: never the VAPID private key, the signing or the identity secret. */
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
  /** Identity verification is on for new workspaces unless this says otherwise (docs/security.md). */
  identityVerificationRequired?: boolean;
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
      identitySecret: generateIdentitySecret(),
      ...(input.identityVerificationRequired === undefined
        ? {}
        : { identityVerificationRequired: input.identityVerificationRequired }),
      ...(input.ownerUserId
        ? { memberships: { create: { userId: input.ownerUserId, role: Role.OWNER } } }
        : {}),
    },
  });
  return { ...row, ...secrets };
}

/** A URL-safe slug for a workspace name, with a random tail so two "Shop" workspaces never collide. */
export function workspaceSlugFor(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'workspace'}-${randomBytes(3).toString('hex')}`;
}

/**
 * A workspace a signed-in user creates from the app ("Create workspace"): its own write key, VAPID keys
 * and signing secret, as the seed's, and the creator as its OWNER.
 */
export function createOwnedWorkspace(
  db: Db,
  input: { name: string; ownerUserId: string; timezone?: string },
): Promise<Workspace> {
  return createWorkspace(db, {
    name: input.name,
    slug: workspaceSlugFor(input.name),
    ownerUserId: input.ownerUserId,
    ...(input.timezone ? { timezone: input.timezone } : {}),
  });
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

import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';
import { channelSettingsSummary, writeKeyState } from './workspace-secrets';

/**
 * What Settings shows and changes of a workspace row: public channel values with only whether each secret
 * is set (secrets never leave this module), and one key of the `settings` JSON at a time.
 */

export async function workspaceChannelSummary(db: Db, workspaceId: string) {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { vapidPublicKey: true, signingSecretSealed: true },
  });
  const [writeKey, channels] = await Promise.all([
    writeKeyState(db, workspaceId),
    channelSettingsSummary(db, workspaceId),
  ]);
  return {
    writeKey: writeKey.writeKey,
    previousWriteKey: writeKey.previous,
    vapidPublicKey: workspace.vapidPublicKey,
    signingSecret: { isSet: workspace.signingSecretSealed.length > 0 },
    channels,
  };
}

export async function readWorkspaceSettings(db: Db, workspaceId: string): Promise<unknown> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { settings: true },
  });
  return workspace.settings;
}

/** Replaces `settings[key]`, keeping the other keys; in one transaction so concurrent saves of other keys survive. */
export async function writeWorkspaceSetting(
  db: Db,
  workspaceId: string,
  key: string,
  value: Prisma.InputJsonValue,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const workspace = await tx.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { settings: true },
    });
    const settings =
      workspace.settings && typeof workspace.settings === 'object' && !Array.isArray(workspace.settings)
        ? (workspace.settings as Prisma.JsonObject)
        : {};
    await tx.workspace.update({
      where: { id: workspaceId },
      data: { settings: { ...settings, [key]: value } },
    });
  });
}

/** Identity verification as ingestion and the SDK routes check it: server code only (the secret is in it). */
export interface IdentityVerification {
  required: boolean;
  secret: string;
}

export async function findIdentityVerification(db: Db, workspaceId: string): Promise<IdentityVerification> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { identityVerificationRequired: true, identitySecret: true },
  });
  return { required: workspace.identityVerificationRequired, secret: workspace.identitySecret };
}

/** What Settings shows: whether verification is required; never the secret. */
export async function identityVerificationSummary(
  db: Db,
  workspaceId: string,
): Promise<{ required: boolean }> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { identityVerificationRequired: true },
  });
  return { required: workspace.identityVerificationRequired };
}

export async function setIdentityVerificationRequired(
  db: Db,
  workspaceId: string,
  required: boolean,
): Promise<void> {
  await db.workspace.update({ where: { id: workspaceId }, data: { identityVerificationRequired: required } });
}

/**
 * Replaces the identity secret and returns the new one: the only moment it leaves the server, shown once to
 * the admin who rotated it, for the shop's server configuration. Signatures made with the old one stop working.
 */
export async function rotateIdentitySecret(db: Db, workspaceId: string, secret: string): Promise<string> {
  await db.workspace.update({ where: { id: workspaceId }, data: { identitySecret: secret } });
  return secret;
}

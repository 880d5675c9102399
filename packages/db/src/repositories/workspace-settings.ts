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

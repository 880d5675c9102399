import type { Db } from '../client';
import type { Prisma } from '../generated/prisma/client';
import { secretContext } from '../reseal';
import { openSecret, sealSecret } from '../secret-box';
import { generateSigningSecret, generateWriteKey } from '../workspace-keys';

/**
 * The workspace's secrets: sealed in the row (secret-box.ts), opened only here, for the server code that
 * signs, sends and verifies. What Settings shows of them is `{ isSet, last4 }`, never the value.
 */

/** A workspace's channel settings as a channel reads them: plain settings and opened secrets, merged. */
export type OpenedChannelSettings = Record<string, Record<string, unknown>>;

export interface SealedWorkspaceSecrets {
  id: string;
  signingSecretSealed: string;
  vapidPrivateKeySealed: string;
}

export function openWorkspaceSecrets(row: SealedWorkspaceSecrets): {
  signingSecret: string;
  vapidPrivateKey: string;
} {
  return {
    signingSecret: openSecret(row.signingSecretSealed, secretContext.signingSecret(row.id)),
    vapidPrivateKey: openSecret(row.vapidPrivateKeySealed, secretContext.vapidPrivateKey(row.id)),
  };
}

export function sealWorkspaceSecrets(
  workspaceId: string,
  secrets: { signingSecret: string; vapidPrivateKey: string },
): { signingSecretSealed: string; vapidPrivateKeySealed: string } {
  return {
    signingSecretSealed: sealSecret(secrets.signingSecret, secretContext.signingSecret(workspaceId)),
    vapidPrivateKeySealed: sealSecret(secrets.vapidPrivateKey, secretContext.vapidPrivateKey(workspaceId)),
  };
}

/** The secret that signs a workspace's links and webhooks; null for an unknown workspace. */
export async function workspaceSigningSecret(db: Db, workspaceId: string): Promise<string | null> {
  const row = await db.workspace.findUnique({
    where: { id: workspaceId },
    select: { id: true, signingSecretSealed: true },
  });
  return row ? openSecret(row.signingSecretSealed, secretContext.signingSecret(row.id)) : null;
}

/**
 * A new signing secret. Links already sent (unsubscribe, tracking) were signed with the old one and stop
 * verifying, and webhook receivers must take the new one: Settings says so before the button.
 */
export async function regenerateSigningSecret(db: Db, workspaceId: string): Promise<void> {
  await db.workspace.update({
    where: { id: workspaceId },
    data: {
      signingSecretSealed: sealSecret(generateSigningSecret(), secretContext.signingSecret(workspaceId)),
    },
  });
}

export interface WriteKeyState {
  writeKey: string;
  /** The key before the last rotation while it is still accepted; null otherwise. */
  previous: { writeKey: string; expiresAt: Date } | null;
}

export async function writeKeyState(db: Db, workspaceId: string, now = new Date()): Promise<WriteKeyState> {
  const row = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { writeKey: true, previousWriteKey: true, previousWriteKeyExpiresAt: true },
  });
  return {
    writeKey: row.writeKey,
    previous:
      row.previousWriteKey && row.previousWriteKeyExpiresAt && row.previousWriteKeyExpiresAt > now
        ? { writeKey: row.previousWriteKey, expiresAt: row.previousWriteKeyExpiresAt }
        : null,
  };
}

/**
 * A new write key; the current one becomes the previous key, accepted until `previousValidUntil` so shops
 * can deploy the new key without losing events. One previous key at a time: rotating again during an
 * overlap ends the older key's grace at once.
 */
export async function rotateWriteKey(
  db: Db,
  workspaceId: string,
  previousValidUntil: Date,
): Promise<WriteKeyState> {
  return db.$transaction(async (tx) => {
    const current = await tx.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { writeKey: true },
    });
    const updated = await tx.workspace.update({
      where: { id: workspaceId },
      data: {
        writeKey: generateWriteKey(),
        previousWriteKey: current.writeKey,
        previousWriteKeyExpiresAt: previousValidUntil,
      },
      select: { writeKey: true },
    });
    return {
      writeKey: updated.writeKey,
      previous: { writeKey: current.writeKey, expiresAt: previousValidUntil },
    };
  });
}

/** What a channel's `send` and `sendTest` get to know of a workspace, secrets opened: server code only. */
export async function openChannelWorkspace(db: Db, workspaceId: string) {
  const row = await db.workspace.findUnique({
    where: { id: workspaceId },
    select: {
      id: true,
      timezone: true,
      defaultLocale: true,
      vapidPublicKey: true,
      vapidPrivateKeySealed: true,
      vapidSubject: true,
      signingSecretSealed: true,
      settings: true,
      channelSettings: { select: { workspaceId: true, channel: true, settings: true, secrets: true } },
    },
  });
  if (!row) return null;
  const { signingSecretSealed: _s, vapidPrivateKeySealed: _v, channelSettings, settings, ...rest } = row;
  return {
    ...rest,
    ...openWorkspaceSecrets(row),
    settings: asObject(settings),
    channels: openChannelSettingsRows(channelSettings),
  };
}

/** Channel settings of a workspace with every secret opened: for the sender and test sends only. */
export async function openChannelSettings(db: Db, workspaceId: string): Promise<OpenedChannelSettings> {
  const rows = await db.workspaceChannelSettings.findMany({ where: { workspaceId } });
  return openChannelSettingsRows(rows);
}

export function openChannelSettingsRows(
  rows: readonly { workspaceId: string; channel: string; settings: unknown; secrets: unknown }[],
): OpenedChannelSettings {
  const opened: OpenedChannelSettings = {};
  for (const row of rows) {
    const secrets = Object.fromEntries(
      Object.entries(asObject(row.secrets))
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        .map(([field, sealed]) => [
          field,
          openSecret(sealed, secretContext.channel(row.workspaceId, row.channel, field)),
        ]),
    );
    opened[row.channel] = { ...asObject(row.settings), ...secrets };
  }
  return opened;
}

export interface SecretState {
  isSet: boolean;
  /** The last four characters of long tokens (16+), to tell two apart; null for shorter secrets. */
  last4: string | null;
}

export interface ChannelSettingsSummary {
  settings: Record<string, unknown>;
  secrets: Record<string, SecretState>;
  updatedAt: Date;
}

/** What Settings may show: plain settings and, per secret field, whether it is set. */
export async function channelSettingsSummary(
  db: Db,
  workspaceId: string,
): Promise<Record<string, ChannelSettingsSummary>> {
  const rows = await db.workspaceChannelSettings.findMany({ where: { workspaceId } });
  const summary: Record<string, ChannelSettingsSummary> = {};
  for (const row of rows) {
    const secrets: Record<string, SecretState> = {};
    for (const [field, sealed] of Object.entries(asObject(row.secrets))) {
      if (typeof sealed !== 'string') continue;
      const plain = openSecret(sealed, secretContext.channel(workspaceId, row.channel, field));
      secrets[field] = { isSet: true, last4: plain.length >= 16 ? plain.slice(-4) : null };
    }
    summary[row.channel] = { settings: asObject(row.settings), secrets, updatedAt: row.updatedAt };
  }
  return summary;
}

/**
 * Replaces a channel's plain settings; for each secret field, a string sets it, null clears it and a
 * missing field keeps what is stored (write-only fields: the form never has the old value to send back).
 */
export async function saveChannelSettings(
  db: Db,
  input: {
    workspaceId: string;
    channel: string;
    settings: Record<string, unknown>;
    secrets: Record<string, string | null | undefined>;
  },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await tx.workspaceChannelSettings.findUnique({
      where: { workspaceId_channel: { workspaceId: input.workspaceId, channel: input.channel } },
      select: { secrets: true },
    });
    const secrets: Record<string, string> = {};
    for (const [field, sealed] of Object.entries(asObject(existing?.secrets))) {
      if (typeof sealed === 'string') secrets[field] = sealed;
    }
    for (const [field, value] of Object.entries(input.secrets)) {
      if (value === undefined) continue;
      if (value === null) delete secrets[field];
      else secrets[field] = sealSecret(value, secretContext.channel(input.workspaceId, input.channel, field));
    }
    const data = {
      settings: input.settings as Prisma.InputJsonObject,
      secrets: secrets as Prisma.InputJsonObject,
    };
    await tx.workspaceChannelSettings.upsert({
      where: { workspaceId_channel: { workspaceId: input.workspaceId, channel: input.channel } },
      create: { workspaceId: input.workspaceId, channel: input.channel, ...data },
      update: data,
    });
  });
}

/** Removes a workspace's own configuration of a channel: it falls back to the server's defaults. */
export async function clearChannelSettings(db: Db, workspaceId: string, channel: string): Promise<boolean> {
  const { count } = await db.workspaceChannelSettings.deleteMany({ where: { workspaceId, channel } });
  return count > 0;
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

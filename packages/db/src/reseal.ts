import type pg from 'pg';
import { env } from '@nudgeflow/config';
import { needsSealing, resealSecret, SEALED_PREFIX, secretKeyring, type SecretKeyring } from './secret-box';

/**
 * What each sealed value is bound to (the AES-GCM additional data): its workspace and field. Repositories
 * and the re-seal step build contexts only through these, so they always agree.
 */
export const secretContext = {
  signingSecret: (workspaceId: string) => `workspace:${workspaceId}:signingSecret`,
  vapidPrivateKey: (workspaceId: string) => `workspace:${workspaceId}:vapidPrivateKey`,
  channel: (workspaceId: string, channel: string, field: string) =>
    `workspace:${workspaceId}:channel:${channel}:${field}`,
};

interface WorkspaceSecretsRow {
  id: string;
  signingSecretSealed: string;
  vapidPrivateKeySealed: string;
}
interface ChannelSecretsRow {
  workspaceId: string;
  channel: string;
  secrets: Record<string, unknown>;
}

/**
 * Seals every secret that is still plain text (rows from before encryption at rest, the SMS token the
 * migration moved) and re-seals values of a previous key with the current one (key rotation). Runs after
 * the migrations, under their advisory lock, in one transaction. Returns how many values it wrote.
 * Without NUDGEFLOW_SECRET_KEY it only checks that nothing needs sealing (a fresh database).
 */
export async function resealSecrets(client: pg.Client, keyring?: SecretKeyring): Promise<number> {
  // A database migrated only part way (the runner's own tests) has no sealed columns yet.
  const { rowCount } = await client.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
       AND table_name = 'WorkspaceChannelSettings' AND column_name = 'secrets'`,
  );
  if (!rowCount) return 0;
  const ring = keyring ?? (env().NUDGEFLOW_SECRET_KEY ? secretKeyring() : undefined);
  if (!ring) {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "Workspace" WHERE "signingSecretSealed" NOT LIKE $1 OR "vapidPrivateKeySealed" NOT LIKE $1`,
      [`${SEALED_PREFIX}%`],
    );
    if (Number(rows[0]?.n ?? 0) > 0)
      throw new Error('NUDGEFLOW_SECRET_KEY is not set, and workspace secrets must be encrypted with it');
    return 0;
  }
  let written = 0;
  await client.query('BEGIN');
  try {
    const workspaces = await client.query<WorkspaceSecretsRow>(
      `SELECT id, "signingSecretSealed", "vapidPrivateKeySealed" FROM "Workspace" FOR UPDATE`,
    );
    for (const row of workspaces.rows) {
      if (!needsSealing(row.signingSecretSealed, ring) && !needsSealing(row.vapidPrivateKeySealed, ring))
        continue;
      await client.query(
        `UPDATE "Workspace" SET "signingSecretSealed" = $2, "vapidPrivateKeySealed" = $3 WHERE id = $1`,
        [
          row.id,
          resealSecret(row.signingSecretSealed, secretContext.signingSecret(row.id), ring),
          resealSecret(row.vapidPrivateKeySealed, secretContext.vapidPrivateKey(row.id), ring),
        ],
      );
      written += 2;
    }
    const channels = await client.query<ChannelSecretsRow>(
      `SELECT "workspaceId", channel, secrets FROM "WorkspaceChannelSettings" FOR UPDATE`,
    );
    for (const row of channels.rows) {
      const entries = Object.entries(row.secrets ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      );
      if (!entries.some(([, value]) => needsSealing(value, ring))) continue;
      const sealed = Object.fromEntries(
        entries.map(([field, value]) => [
          field,
          needsSealing(value, ring)
            ? resealSecret(value, secretContext.channel(row.workspaceId, row.channel, field), ring)
            : value,
        ]),
      );
      await client.query(
        `UPDATE "WorkspaceChannelSettings" SET secrets = $3 WHERE "workspaceId" = $1 AND channel = $2`,
        [row.workspaceId, row.channel, JSON.stringify(sealed)],
      );
      written += entries.length;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return written;
}

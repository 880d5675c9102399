import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env } from '@nudgeflow/config';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from './client';
import { defaultMigrationsDir, migrate } from './migrate';
import { openChannelSettings, openWorkspaceSecrets } from './repositories/workspace-secrets';
import { resealSecrets } from './reseal';
import { generateSecretKey, keyringFrom, sealedKeyId } from './secret-box';
import { createThrowawayDatabase, type ThrowawayDatabase } from './testing';

const SEALING_MIGRATION = '20261208000200_workspace_channel_secrets';

/**
 * Upgrading a database from before encryption at rest: plain secrets in the Workspace row and an SMS
 * token in Workspace.settings.sms. The migration moves them, the runner's re-seal step seals them, and a
 * later key rotation moves every value to the new key. In a database of its own: re-sealing touches all rows.
 */
describe('secrets of an upgraded database', () => {
  let database: ThrowawayDatabase;
  let client: pg.Client;
  let db: Db;
  let olderMigrations: string;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createThrowawayDatabase(env().DATABASE_URL!, 'reseal');
    // The migrations folder as it was before this change: every migration older than the sealing one.
    olderMigrations = await mkdtemp(path.join(tmpdir(), 'nudgeflow-migrations-'));
    for (const name of await readdir(defaultMigrationsDir)) {
      if (name < SEALING_MIGRATION)
        await cp(path.join(defaultMigrationsDir, name), path.join(olderMigrations, name), {
          recursive: true,
        });
    }
    await migrate(database.url, { migrationsDir: olderMigrations });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO "Workspace" (id, name, slug, "writeKey", "vapidPublicKey", "vapidPrivateKey", "signingSecret", settings, "updatedAt")
       VALUES (gen_random_uuid(), 'Old shop', 'old-shop', 'wk_old', 'pub', 'legacy-vapid', 'legacy-signing',
               '{"governance":{},"sms":{"baseUrl":"https://api.twilio.com","accountSid":"AC1","authToken":"legacy-token","from":"+1555"}}',
               now())
       RETURNING id`,
    );
    workspaceId = inserted.rows[0]!.id;
    await migrate(database.url);
    db = createDb(database.url);
  });

  afterAll(async () => {
    await closeDb(db);
    await client.end();
    await database.drop();
    await rm(olderMigrations, { recursive: true, force: true });
  });

  it('seals the plain secrets and moves the SMS provider out of Workspace.settings', async () => {
    const row = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    expect(row.signingSecretSealed).toMatch(/^nf1:/);
    expect(row.vapidPrivateKeySealed).toMatch(/^nf1:/);
    expect(openWorkspaceSecrets(row)).toEqual({
      signingSecret: 'legacy-signing',
      vapidPrivateKey: 'legacy-vapid',
    });
    expect(row.settings).toEqual({ governance: {} });
    expect((await openChannelSettings(db, workspaceId)).sms).toEqual({
      baseUrl: 'https://api.twilio.com',
      accountSid: 'AC1',
      from: '+1555',
      authToken: 'legacy-token',
    });
    const raw = await client.query(`SELECT settings, secrets FROM "WorkspaceChannelSettings"`);
    expect(JSON.stringify(raw.rows)).not.toContain('legacy-token');
    // Nothing left to do on the next start.
    expect(await resealSecrets(client)).toBe(0);
  });

  it('moves every value to a new key when the old one is listed as previous', async () => {
    const rotated = keyringFrom(generateSecretKey(), [env().NUDGEFLOW_SECRET_KEY!]);
    expect(await resealSecrets(client, rotated)).toBe(3);
    const row = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    expect(sealedKeyId(row.signingSecretSealed)).toBe(rotated.current.id);
    expect(sealedKeyId(row.vapidPrivateKeySealed)).toBe(rotated.current.id);
    const raw = await client.query<{ secrets: { authToken: string } }>(
      `SELECT secrets FROM "WorkspaceChannelSettings"`,
    );
    expect(sealedKeyId(raw.rows[0]!.secrets.authToken)).toBe(rotated.current.id);
    // The new key alone opens them now.
    const newKeyOnly = keyringFrom(rotated.current.key.toString('base64'));
    expect(await resealSecrets(client, newKeyOnly)).toBe(0);
  });
});

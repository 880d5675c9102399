import { env } from '@nudgeflow/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from '../client';
import type { Workspace } from '../generated/prisma/client';
import { createTestWorkspace } from '../testing';
import {
  authenticateApiKey,
  createApiKey,
  generateApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
} from './api-keys';

describe('api keys', () => {
  let db: Db;
  let workspace: Workspace;
  let otherWorkspace: Workspace;

  beforeAll(async () => {
    db = createDb(env().DATABASE_URL);
    workspace = await createTestWorkspace(db);
    otherWorkspace = await createTestWorkspace(db);
  });
  afterAll(async () => {
    await db.workspace.deleteMany({ where: { id: { in: [workspace.id, otherWorkspace.id] } } });
    await closeDb(db);
  });

  it('returns the plain key once and stores only its hash and a display prefix', async () => {
    const { apiKey, plainKey } = await createApiKey(db, { workspaceId: workspace.id, name: 'CI' });
    expect(plainKey.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).not.toHaveProperty('hashedKey');
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.hashedKey).toBe(hashApiKey(plainKey));
    expect(JSON.stringify(stored)).not.toContain(plainKey);
  });

  it('authenticates a live key to its workspace and records its use', async () => {
    const { apiKey, plainKey } = await createApiKey(db, { workspaceId: workspace.id, name: 'CLI' });
    const now = new Date('2026-11-23T12:00:00.000Z');
    const result = await authenticateApiKey(db, plainKey, now);
    expect(result?.workspace.id).toBe(workspace.id);
    expect(result?.apiKey.id).toBe(apiKey.id);
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.lastUsedAt?.toISOString()).toBe(now.toISOString());

    // Within a minute the stored time is left alone; after it, it moves.
    await authenticateApiKey(db, plainKey, new Date(now.getTime() + 30_000));
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(now);
    const later = new Date(now.getTime() + 61_000);
    await authenticateApiKey(db, plainKey, later);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(later);
  });

  it('rejects unknown, malformed and revoked keys', async () => {
    expect(await authenticateApiKey(db, generateApiKey())).toBeNull();
    expect(await authenticateApiKey(db, 'not a key')).toBeNull();

    const { apiKey, plainKey } = await createApiKey(db, { workspaceId: workspace.id, name: 'Old' });
    // Another workspace cannot revoke it.
    expect(await revokeApiKey(db, otherWorkspace.id, apiKey.id)).toBe(false);
    expect(await authenticateApiKey(db, plainKey)).not.toBeNull();

    expect(await revokeApiKey(db, workspace.id, apiKey.id)).toBe(true);
    expect(await revokeApiKey(db, workspace.id, apiKey.id)).toBe(false);
    expect(await authenticateApiKey(db, plainKey)).toBeNull();
  });

  it("lists a workspace's keys without hashes, newest first", async () => {
    const { apiKey } = await createApiKey(db, { workspaceId: otherWorkspace.id, name: 'Only one' });
    const keys = await listApiKeys(db, otherWorkspace.id);
    expect(keys.map((key) => key.id)).toEqual([apiKey.id]);
    expect(keys[0]).not.toHaveProperty('hashedKey');
  });
});

import { env } from '@nudgeflow/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from '../client';
import { Role } from '../generated/prisma/client';
import { createTestWorkspace, uniqueTestId } from '../testing';
import {
  addMember,
  findMembership,
  findWorkspaceById,
  findWorkspaceBySlug,
  findWorkspaceByWriteKey,
  listWorkspacesForUser,
} from './workspaces';

describe('workspaces', () => {
  let db: Db;
  const userId = uniqueTestId('user');
  const workspaceIds: string[] = [];

  beforeAll(async () => {
    db = createDb(env().DATABASE_URL);
    await db.user.create({ data: { id: userId, name: 'Test User', email: `${userId}@example.test` } });
  });
  afterAll(async () => {
    await db.workspace.deleteMany({ where: { id: { in: workspaceIds } } });
    await db.user.delete({ where: { id: userId } });
    await closeDb(db);
  });

  it('creates a workspace with its own keys and finds it by id, slug and write key', async () => {
    const workspace = await createTestWorkspace(db, { ownerUserId: userId });
    workspaceIds.push(workspace.id);
    expect(workspace.vapidPublicKey).not.toBe('');
    expect(workspace.signingSecret).not.toBe('');
    expect((await findWorkspaceById(db, workspace.id))?.slug).toBe(workspace.slug);
    expect((await findWorkspaceBySlug(db, workspace.slug))?.id).toBe(workspace.id);
    expect((await findWorkspaceByWriteKey(db, workspace.writeKey))?.id).toBe(workspace.id);
    expect(await findWorkspaceByWriteKey(db, `${workspace.writeKey}x`)).toBeNull();
    expect((await findMembership(db, workspace.id, userId))?.role).toBe(Role.OWNER);
  });

  it("lists the user's workspaces with roles and without secrets", async () => {
    const second = await createTestWorkspace(db);
    workspaceIds.push(second.id);
    expect(await findMembership(db, second.id, userId)).toBeNull();
    await addMember(db, second.id, userId, Role.SUPPORT);

    const listed = await listWorkspacesForUser(db, userId);
    expect(listed.map((entry) => [entry.workspace.id, entry.role])).toEqual([
      [workspaceIds[0], Role.OWNER],
      [second.id, Role.SUPPORT],
    ]);
    expect(listed[0]?.workspace).not.toHaveProperty('vapidPrivateKey');
    expect(listed[0]?.workspace).not.toHaveProperty('signingSecret');
  });
});

import { randomBytes } from 'node:crypto';
import type { Db } from './client';
import type { Workspace } from './generated/prisma/client';
import { createWorkspace, type CreateWorkspaceInput } from './repositories/workspaces';

/**
 * A workspace of its own for one integration test. Tests share one database, so isolation comes from unique
 * slugs and write keys, never from truncating tables.
 */
export function createTestWorkspace(db: Db, overrides: Partial<CreateWorkspaceInput> = {}): Promise<Workspace> {
  const suffix = randomBytes(6).toString('hex');
  return createWorkspace(db, { name: `Test ${suffix}`, slug: `test-${suffix}`, ...overrides });
}

/** A unique id for rows and names a test creates (user ids, emails, task queues). */
export function uniqueTestId(prefix = 't'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

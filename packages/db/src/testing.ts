import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from './client';
import { databaseUrlFor, ensureDatabase } from './migrate';
import { createWorkspace, type CreatedWorkspace, type CreateWorkspaceInput } from './repositories/workspaces';

// Tests may read and arrange rows directly; production code goes through the repositories.
export type * from './generated/prisma/client';
/** A test's workspace: the row plus its secrets opened (the row holds them sealed). Shadows the row type. */
export type Workspace = CreatedWorkspace;

/**
 * A workspace of its own for one integration test. Tests share one database, so isolation comes from unique
 * slugs and write keys, never from truncating tables.
 */
export function createTestWorkspace(
  db: Db,
  overrides: Partial<CreateWorkspaceInput> = {},
): Promise<Workspace> {
  const suffix = randomBytes(6).toString('hex');
  return createWorkspace(db, { name: `Test ${suffix}`, slug: `test-${suffix}`, ...overrides });
}

/** A unique id for rows and names a test creates (user ids, emails, task queues). */
export function uniqueTestId(prefix = 't'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** Drops the database, closing any connections still open to it. */
  drop(): Promise<void>;
}

/**
 * An empty database of its own on the server `serverUrl` points at, for tests that need a blank slate
 * (migrations, the demo seed). Most tests should share the suite's database through createTestWorkspace.
 */
export async function createThrowawayDatabase(serverUrl: string, prefix = 'tmp'): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(serverUrl, name);
  return {
    name,
    url: databaseUrlFor(serverUrl, name),
    async drop() {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { resealSecrets } from './reseal';

/**
 * Applies the SQL migrations in prisma/migrations. Prisma's CLI cannot fetch its schema engine here, so this
 * runner does what `prisma migrate deploy` does and keeps the same `_prisma_migrations` bookkeeping, row for
 * row, so the CLI still works against the same database wherever its engine can be had.
 */

export const defaultMigrationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../prisma/migrations',
);

/** Prisma's own advisory lock key: holding it also keeps `prisma migrate deploy` out while we run. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

// The exact DDL Prisma's schema engine uses, so the table is indistinguishable from one it created.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes, as Prisma computes it. */
  checksum: string;
}

export interface MigrateOptions {
  migrationsDir?: string;
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function migrationChecksum(sql: string | Buffer): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** The names of the folders holding a migration.sql, sorted: the order Prisma applies them in. */
export async function migrationFolders(migrationsDir: string): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')),
    )
    .map((entry) => entry.name)
    .sort();
}

/** Migration folders in the order Prisma applies them: by folder name, which starts with a UTC timestamp. */
export async function readMigrations(migrationsDir = defaultMigrationsDir): Promise<MigrationFile[]> {
  const folders = await migrationFolders(migrationsDir);
  return Promise.all(
    folders.map(async (name) => {
      const bytes = await readFile(path.join(migrationsDir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Plans what to apply, refusing when the history cannot be trusted: a migration that failed and was never
 * resolved, or an applied migration whose file has since been edited.
 */
export function planMigrations(
  files: MigrationFile[],
  rows: AppliedRow[],
): { pending: MigrationFile[]; applied: string[]; unknown: string[] } {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} failed earlier and was not resolved. Fix the database, then mark it ` +
        `with \`prisma migrate resolve --applied|--rolled-back ${failed.migration_name}\` or delete its row ` +
        `from _prisma_migrations.`,
    );
  }
  const appliedByName = new Map(live.map((row) => [row.migration_name, row]));
  const pending: MigrationFile[] = [];
  const applied: string[] = [];
  for (const file of files) {
    const row = appliedByName.get(file.name);
    if (!row) {
      pending.push(file);
      continue;
    }
    if (row.checksum !== file.checksum) {
      throw new MigrationError(
        `Migration ${file.name} was changed after it was applied (checksum ${row.checksum} in the database, ` +
          `${file.checksum} on disk). Never edit an applied migration: add a new one.`,
      );
    }
    applied.push(file.name);
  }
  const known = new Set(files.map((file) => file.name));
  // Applied here but absent on disk: a newer release migrated this database. Not an error (rolling deploys
  // run old and new code side by side), but worth a line in the log.
  const unknown = live.map((row) => row.migration_name).filter((name) => !known.has(name));
  return { pending, applied, unknown };
}

/** Applies every pending migration, each in its own transaction together with its bookkeeping row. */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  const files = await readMigrations(migrationsDir);
  // A dedicated connection: the advisory lock belongs to the session that took it.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const plan = planMigrations(files, rows);
      for (const file of plan.pending) {
        await applyOne(client, file);
        log(`applied migration ${file.name}`);
      }
      for (const name of plan.unknown)
        log(`database has migration ${name}, which is not in ${migrationsDir}`);
      // Secrets the SQL could not encrypt (plain rows from before, values of a rotated-out key).
      const resealed = await resealSecrets(client);
      if (resealed > 0) log(`sealed ${resealed} secrets with the current NUDGEFLOW_SECRET_KEY`);
      return { applied: plan.pending.map((file) => file.name), alreadyApplied: plan.applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, file.checksum, file.name],
    );
    // Simple-protocol query: a migration file holds many statements.
    await client.query(file.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const message = error instanceof Error ? error.message : String(error);
    // The transaction rolled everything back, so the database is as it was: fix the file and run again.
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${message}`, {
      cause: error,
    });
  }
}

/** Creates database `name` on the server at serverUrl unless it exists. Safe to call concurrently. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) throw new MigrationError(`Invalid database name: ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Another process created it between our check and our CREATE.
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
    }
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the same server as `serverUrl`. */
export function databaseUrlFor(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

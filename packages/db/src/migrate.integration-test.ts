import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env } from '@nudgeflow/config';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate, migrationChecksum, MigrationError, readMigrations } from './migrate';
import { createThrowawayDatabase, type ThrowawayDatabase } from './testing';

function serverUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must be set for integration tests');
  return url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const tablesIn = async (url: string) =>
  (await query<{ name: string }>(url, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`))
    .map((row) => row.name)
    .sort();

describe('migrate', () => {
  let database: ThrowawayDatabase;
  let migrationsDir: string;

  beforeEach(async () => {
    database = await createThrowawayDatabase(serverUrl(), 'migrate');
    migrationsDir = await mkdtemp(path.join(tmpdir(), 'nudgeflow-migrations-'));
  });
  afterEach(async () => {
    await database.drop();
    await rm(migrationsDir, { recursive: true, force: true });
  });

  async function writeMigration(name: string, sql: string): Promise<void> {
    await mkdir(path.join(migrationsDir, name), { recursive: true });
    await writeFile(path.join(migrationsDir, name, 'migration.sql'), sql);
  }

  it("applies the project's migrations once and keeps Prisma's bookkeeping", async () => {
    const files = await readMigrations();
    expect(files.length).toBeGreaterThanOrEqual(1);

    const first = await migrate(database.url);
    expect(first.applied).toEqual(files.map((file) => file.name));
    const second = await migrate(database.url);
    expect(second).toEqual({ applied: [], alreadyApplied: files.map((file) => file.name) });

    const rows = await query<MigrationRow>(
      database.url,
      'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [index, row] of rows.entries()) {
      const bytes = await readFile(path.join(defaultMigrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(migrationChecksum(bytes));
      expect(row.checksum).toBe(files[index]?.checksum);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await tablesIn(database.url)).toContain('Workspace');
  });

  it('applies only the new folder when one is added later', async () => {
    await writeMigration('20260101000000_first', 'CREATE TABLE "first" ("id" INTEGER NOT NULL);');
    expect((await migrate(database.url, { migrationsDir })).applied).toEqual(['20260101000000_first']);
    await writeMigration('20260102000000_second', 'CREATE TABLE "second" ("id" INTEGER NOT NULL);');
    expect(await migrate(database.url, { migrationsDir })).toEqual({
      applied: ['20260102000000_second'],
      alreadyApplied: ['20260101000000_first'],
    });
    expect(await tablesIn(database.url)).toEqual(['_prisma_migrations', 'first', 'second']);
  });

  it('refuses to run when an applied migration was edited, and changes nothing', async () => {
    await writeMigration('20260101000000_first', 'CREATE TABLE "first" ("id" INTEGER NOT NULL);');
    await migrate(database.url, { migrationsDir });
    await writeMigration('20260101000000_first', 'CREATE TABLE "first" ("id" BIGINT NOT NULL);');
    await writeMigration('20260102000000_second', 'CREATE TABLE "second" ("id" INTEGER NOT NULL);');

    await expect(migrate(database.url, { migrationsDir })).rejects.toThrow(MigrationError);
    await expect(migrate(database.url, { migrationsDir })).rejects.toThrow(
      /20260101000000_first was changed/,
    );
    expect(await tablesIn(database.url)).toEqual(['_prisma_migrations', 'first']);
  });

  it('rolls a failing migration back completely, so fixing the file and rerunning works', async () => {
    await writeMigration(
      '20260101000000_broken',
      'CREATE TABLE "half" ("id" INTEGER NOT NULL);\nALTER TABLE "missing" ADD COLUMN "x" INTEGER;',
    );
    await expect(migrate(database.url, { migrationsDir })).rejects.toThrow(
      /20260101000000_broken failed.*missing/,
    );
    expect(await tablesIn(database.url)).toEqual(['_prisma_migrations']);
    expect(await query(database.url, 'SELECT * FROM "_prisma_migrations"')).toEqual([]);

    await writeMigration('20260101000000_broken', 'CREATE TABLE "half" ("id" INTEGER NOT NULL);');
    expect((await migrate(database.url, { migrationsDir })).applied).toEqual(['20260101000000_broken']);
    expect(await tablesIn(database.url)).toEqual(['_prisma_migrations', 'half']);
  });

  it('lets only one of several concurrent runners apply each migration', async () => {
    // pg_sleep keeps the first runner inside its transaction while the others arrive at the lock.
    await writeMigration(
      '20260101000000_slow',
      'CREATE TABLE "slow" ("id" INTEGER NOT NULL);\nSELECT pg_sleep(0.5);',
    );
    await writeMigration('20260102000000_after', 'CREATE TABLE "after" ("id" INTEGER NOT NULL);');

    const results = await Promise.all([1, 2, 3, 4].map(() => migrate(database.url, { migrationsDir })));

    const appliedBy = results.map((result) => result.applied);
    expect(appliedBy.filter((applied) => applied.length > 0)).toEqual([
      ['20260101000000_slow', '20260102000000_after'],
    ]);
    const rows = await query<{ migration_name: string }>(
      database.url,
      'SELECT migration_name FROM "_prisma_migrations"',
    );
    expect(rows.map((row) => row.migration_name).sort()).toEqual([
      '20260101000000_slow',
      '20260102000000_after',
    ]);
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@nudgeflow/config';
import { getDMMF } from '@prisma/get-dmmf';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate } from './migrate';
import { diffMigrationsToSchema } from './prisma-schema-engine';
import { actualShape, compareShapes, type DmmfDatamodel, expectedShape } from './schema-shape';
import { createThrowawayDatabase, type ThrowawayDatabase } from './testing';

const schemaPath = path.resolve(defaultMigrationsDir, '..', 'schema.prisma');

async function readDatamodel(): Promise<DmmfDatamodel> {
  const result = getDMMF({ datamodel: await readFile(schemaPath, 'utf8') });
  if ('reason' in result) throw new Error(`schema.prisma does not parse: ${result.reason}`);
  return result.datamodel as unknown as DmmfDatamodel;
}

describe('migrations match schema.prisma', () => {
  let database: ThrowawayDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    const serverUrl = env().DATABASE_URL;
    if (!serverUrl) throw new Error('DATABASE_URL must be set for integration tests');
    database = await createThrowawayDatabase(serverUrl, 'drift');
    await migrate(database.url);
    pool = new pg.Pool({ connectionString: database.url, max: 1 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('reads the whole data model from schema.prisma', async () => {
    const datamodel = await readDatamodel();
    const expected = expectedShape(datamodel);
    // Guards the check itself: an empty or truncated expectation would make the comparison below vacuous.
    expect(datamodel.models.length).toBeGreaterThanOrEqual(27);
    expect(expected).toContain('column "Workspace"."writeKey" text NOT NULL default (none)');
    expect(expected).toContain(
      'unique index "Workspace_writeKey_key" on "Workspace"("writeKey") using btree',
    );
    expect(expected.filter((line) => line.startsWith('foreign key')).length).toBeGreaterThanOrEqual(25);
  });

  it('has every table, column (type, nullability, default), enum, index, key and relation, and nothing else', async () => {
    const expected = expectedShape(await readDatamodel());
    const actual = await actualShape(pool);
    const drift = compareShapes(expected, actual);
    // On failure the diff lists exactly what a new migration must add (missing) or remove (unexpected).
    expect(drift).toEqual({ missing: [], unexpected: [] });
  });

  it("is what Prisma's own schema engine makes of schema.prisma", async () => {
    const serverUrl = env().DATABASE_URL;
    if (!serverUrl) throw new Error('DATABASE_URL must be set for integration tests');
    // The engine replays the migrations on a shadow database and diffs the result against the schema.
    const diff = await diffMigrationsToSchema({
      serverUrl,
      migrationsDir: defaultMigrationsDir,
      schemaPath,
    });
    expect(
      diff.empty,
      `Prisma would add this migration (npm run migration:new -w @nudgeflow/db):\n${diff.sql}`,
    ).toBe(true);
  });
});

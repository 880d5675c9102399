import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@nudgeflow/config';
import { defaultMigrationsDir } from './migrate';
import { diffMigrationsToSchema } from './prisma-schema-engine';

/**
 * `npm run migration:new -w @nudgeflow/db -- <snake_name> [postgres-server-url]`
 *
 * Writes prisma/migrations/<UTC timestamp>_<snake_name>/migration.sql with the SQL Prisma's own schema engine
 * generates for the difference between the existing migrations and schema.prisma, as `prisma migrate dev
 * --create-only` would. It needs a Postgres server where it may create a throwaway shadow database: the second
 * argument, else DATABASE_URL (the dev stack's embedded Postgres when `npm start` is running).
 */
async function main(): Promise<void> {
  const [name, serverArg] = process.argv.slice(2);
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('Usage: npm run migration:new -w @nudgeflow/db -- <snake_name> [postgres-server-url]');
  }
  const serverUrl = serverArg ?? env().DATABASE_URL;
  if (!serverUrl) throw new Error('Give a Postgres URL as second argument or set DATABASE_URL.');
  const schemaPath = path.resolve(defaultMigrationsDir, '..', 'schema.prisma');
  const diff = await diffMigrationsToSchema({ serverUrl, migrationsDir: defaultMigrationsDir, schemaPath });
  if (diff.empty) {
    console.log('The migrations already match schema.prisma: nothing to write.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(defaultMigrationsDir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), diff.sql);
  console.log(`Wrote ${path.relative(process.cwd(), path.join(folder, 'migration.sql'))}:\n\n${diff.sql}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

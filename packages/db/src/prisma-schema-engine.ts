import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { migrationFolders } from './migrate';

/**
 * Prisma's own schema engine, run as WebAssembly through a driver adapter: the CLI insists on downloading a
 * native engine, but the same engine ships on npm as @prisma/schema-engine-wasm. It writes the exact SQL
 * `prisma migrate dev` would, and tells whether migrations and schema.prisma differ. Development and test
 * only: the runtime never needs it (migrate.ts applies the SQL it writes).
 */

// Types of the parts of @prisma/schema-engine-wasm this module calls; it is a devDependency, loaded lazily.
interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: Array<{
    path: string;
    migrationFile: { path: string; content: { tag: 'ok'; value: string } | { tag: 'error'; value: string } };
  }>;
}
type DiffTarget =
  | { tag: 'empty' }
  | ({ tag: 'schemaDatamodel' } & { files: Array<{ path: string; content: string }> })
  | ({ tag: 'migrations' } & MigrationList);
interface SchemaEngine {
  diff(params: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: { externalTables: string[]; externalEnums: string[] };
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
interface SchemaEngineModule {
  SchemaEngine: {
    new: (options: unknown, log: (message: string) => void, adapter: object) => Promise<SchemaEngine>;
  };
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
}

const PG_CHAR = 18;
const PG_TEXT = 25;

/**
 * adapter-pg has no mapping for Postgres' one-byte "char" type, which the engine's catalog queries return
 * (pg_constraint.confdeltype …). Relabel those columns as text: the value is the same one-letter string.
 */
function relabelCharColumns<T>(result: T): T {
  for (const each of Array.isArray(result) ? result : [result]) {
    for (const field of (each as { fields?: Array<{ dataTypeID: number }> } | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    }
  }
  return result;
}

function patchQuery<T extends { query: (...args: never[]) => unknown }>(target: T): T {
  const original = target.query.bind(target) as (...args: unknown[]) => unknown;
  (target as { query: unknown }).query = (...args: unknown[]) => {
    const out = original(...args);
    return out instanceof Promise ? out.then(relabelCharColumns) : out;
  };
  return target;
}

class CatalogSafePool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    patchQuery(this);
    // Transactions run on checked-out clients: patch each one as the pool creates it.
    this.on('connect', (client) => patchQuery(client));
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A migration-aware adapter whose shadow databases are created on the server behind serverUrl and dropped with
 * FORCE afterwards (adapter-pg's own shadow handling drops the database before closing its pool, and reuses
 * the main database when given a connection string).
 */
function migrationAdapter(serverUrl: string) {
  const mainPool = new CatalogSafePool({ connectionString: serverUrl, max: 2 });
  const main = new PrismaPg(mainPool);
  const factory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const name = `prisma_shadow_${randomBytes(6).toString('hex')}`;
      await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const pool = new CatalogSafePool({ connectionString: url.toString(), max: 2 });
      const connection = await new PrismaPg(pool).connect();
      const dispose = connection.dispose.bind(connection);
      connection.dispose = async () => {
        await dispose();
        if (!pool.ended) await pool.end();
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return connection;
    },
  };
  return { factory, close: () => (mainPool.ended ? Promise.resolve() : mainPool.end()) };
}

let loadedModule: Promise<SchemaEngineModule> | undefined;

/** Instantiates the wasm by hand, so Node needs no --experimental-wasm-modules flag. */
function loadEngineModule(): Promise<SchemaEngineModule> {
  loadedModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bindings = (await import(/* @vite-ignore */ bgPath)) as SchemaEngineModule;
    const bytes = await readFile(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings as never });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return loadedModule;
}

export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const folders = await migrationFolders(migrationsDir);
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => ({
        path: folder,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(path.join(migrationsDir, folder, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}

export interface SchemaDiff {
  /** True when the migrations already produce exactly what schema.prisma describes. */
  empty: boolean;
  /** The SQL Prisma would put in the next migration. */
  sql: string;
}

/**
 * What `prisma migrate dev --create-only` would write: the SQL from the state the migrations produce (replayed
 * on a throwaway shadow database on serverUrl's server) to schema.prisma.
 */
export async function diffMigrationsToSchema(input: {
  serverUrl: string;
  migrationsDir: string;
  schemaPath: string;
}): Promise<SchemaDiff> {
  const schema = await readFile(input.schemaPath, 'utf8');
  const from: DiffTarget = { tag: 'migrations', ...(await readMigrationList(input.migrationsDir)) };
  return diffToSchema(input.serverUrl, from, { path: input.schemaPath, content: schema });
}

/** The SQL of a first migration for a schema given as text: what Prisma creates on an empty database. */
export function diffEmptyToSchema(
  serverUrl: string,
  schema: { path: string; content: string },
): Promise<SchemaDiff> {
  return diffToSchema(serverUrl, { tag: 'empty' }, schema);
}

async function diffToSchema(
  serverUrl: string,
  from: DiffTarget,
  schema: { path: string; content: string },
): Promise<SchemaDiff> {
  const { SchemaEngine } = await loadEngineModule();
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const { factory, close } = migrationAdapter(serverUrl);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory as never);
  const engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, () => {}, adapter);
  try {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    // exitCode 2 = "the diff is not empty", as with `prisma migrate diff --exit-code`.
    return { empty: result.exitCode === 0, sql: result.stdout ?? '' };
  } finally {
    engine.free();
    await close();
  }
}

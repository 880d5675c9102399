/**
 * Migrations and the demo seed belong to packages/db; the dev stack and the test harness only call them.
 */
export interface DemoLogin {
  email: string;
  password: string;
}

interface DbModule {
  migrate?: (databaseUrl: string) => Promise<unknown>;
  seedDemo?: (databaseUrl: string) => Promise<unknown>;
}

async function dbModule(): Promise<DbModule> {
  // Loaded lazily: library users that only need Postgres or Temporal (benchmarks, the devstack's own tests)
  // must not pay for, or depend on, the Prisma client.
  const specifier = '@nudgeflow/db';
  return (await import(/* @vite-ignore */ specifier)) as DbModule;
}

export async function applyMigrations(databaseUrl: string): Promise<void> {
  const db = await dbModule();
  if (typeof db.migrate !== 'function') throw new Error('@nudgeflow/db does not export migrate() yet.');
  await db.migrate(databaseUrl);
}

export type DemoSeed = { available: false } | { available: true; login: DemoLogin | undefined };

/** Seeds the demo workspace unless it exists (packages/db makes that idempotent) and reports its login. */
export async function seedDemoWorkspace(databaseUrl: string): Promise<DemoSeed> {
  const db = await dbModule();
  if (typeof db.seedDemo !== 'function') return { available: false };
  const result = (await db.seedDemo(databaseUrl)) as Partial<DemoLogin> | undefined;
  return {
    available: true,
    login: result?.email && result.password ? { email: result.email, password: result.password } : undefined,
  };
}

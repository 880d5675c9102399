/**
 * Migrations and the demo seed belong to packages/db; the dev stack and the test harness only call them.
 */
export interface DemoLogin {
  email: string;
  password: string;
}

// Typed structurally rather than with `typeof import('@nudgeflow/db')` so this package type-checks while
// packages/db grows (seedDemo landed after the dev stack).
interface DbModule {
  migrate?: (databaseUrl: string) => Promise<unknown>;
  createDb?: (databaseUrl: string) => unknown;
  closeDb?: (db: unknown) => Promise<void>;
  seedDemo?: (db: unknown) => Promise<{ created?: boolean; login?: Partial<DemoLogin> } | undefined>;
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

export type DemoSeed =
  { available: false } | { available: true; created: boolean; login: DemoLogin | undefined };

/** Seeds the demo workspace unless it exists (packages/db makes that idempotent) and reports its login. */
export async function seedDemoWorkspace(databaseUrl: string): Promise<DemoSeed> {
  const { seedDemo, createDb, closeDb } = await dbModule();
  if (typeof seedDemo !== 'function' || typeof createDb !== 'function') return { available: false };
  const db = createDb(databaseUrl);
  try {
    const result = await seedDemo(db);
    const login = result?.login;
    return {
      available: true,
      created: result?.created ?? true,
      login: login?.email && login.password ? { email: login.email, password: login.password } : undefined,
    };
  } finally {
    await closeDb?.(db);
  }
}

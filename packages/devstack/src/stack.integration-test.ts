import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from './ports';
import { isAlive } from './processes';
import { projectRoot } from './project';
import { startDevStack, type DevStack } from './stack';
import { makeTempDir } from './temp';

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

// The stack must start its own services here, not use the ones `npm test` passes to the other tests.
const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, ...inherited } = process.env;

let stack: DevStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function appliedMigrations(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(
      'select count(*)::int as count from _prisma_migrations where finished_at is not null',
    );
    return (result.rows[0] as { count: number }).count;
  } finally {
    await client.end();
  }
}

describe('the dev stack (npm start)', () => {
  it(
    'starts Postgres, Temporal, the worker and the web app, and stops every process it started',
    { timeout: 420_000 },
    async () => {
      const dataDir = tempDir('nudgeflow-stack');
      const webPort = await freePort();
      stack = await startDevStack({
        dataDir,
        env: { ...inherited, PORT: String(webPort) },
        ports: { postgres: await freePort(), temporal: await freePort(), temporalUi: await freePort() },
      });

      expect(stack.webUrl).toBe(`http://localhost:${webPort}`);
      const home = await fetch(`http://127.0.0.1:${webPort}/`);
      expect(home.status).toBe(200);
      if (existsSync(path.join(projectRoot, 'apps/web/src/app/api/health/route.ts'))) {
        const health = await fetch(`http://127.0.0.1:${webPort}/api/health`);
        expect(health.status).toBe(200);
      }
      const ui = await fetch(stack.temporalUiUrl ?? 'http://invalid');
      expect(ui.status).toBe(200);
      expect(await appliedMigrations(stack.databaseUrl)).toBeGreaterThan(0);
      if (existsSync(path.join(projectRoot, 'apps/worker/src/main.ts')))
        expect(stack.worker?.polling).toBe(true);

      const pids = stack.pids();
      expect(pids.length).toBeGreaterThanOrEqual(4);
      await stack.stop();
      stack = undefined;
      expect(pids.filter(isAlive)).toEqual([]);
    },
  );

  it(
    'reuses the data dir on a second start: no re-initialisation, migrations already applied',
    { timeout: 120_000 },
    async () => {
      const dataDir = tempDir('nudgeflow-stack');
      const options = () => ({
        dataDir,
        env: inherited,
        web: false,
        worker: false,
        seed: false,
      });
      stack = await startDevStack({
        ...options(),
        ports: { postgres: await freePort(), temporal: await freePort(), temporalUi: await freePort() },
      });
      const applied = await appliedMigrations(stack.databaseUrl);
      const secret = stack.childEnv.AUTH_SECRET;
      await stack.stop();

      stack = await startDevStack({
        ...options(),
        ports: { postgres: await freePort(), temporal: await freePort(), temporalUi: await freePort() },
      });
      expect(await appliedMigrations(stack.databaseUrl)).toBe(applied);
      expect(stack.childEnv.AUTH_SECRET).toBe(secret);
    },
  );
});

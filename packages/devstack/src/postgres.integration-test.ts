import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from './ports';
import { startPostgres, type PostgresHandle } from './postgres';
import { descendantPids, isAlive } from './processes';
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

let running: PostgresHandle | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function query<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded Postgres', () => {
  it('keeps its data across a stop and a start on the same data dir, and leaves no process behind', async () => {
    const dataDir = path.join(tempDir('nudgeflow-pg'), 'postgres');
    running = await startPostgres({ dataDir, port: await freePort() });
    await running.createDatabase('survivor');
    await running.createDatabase('survivor'); // idempotent
    await query(running.url('survivor'), 'create table note (body text not null)');
    await query(running.url('survivor'), 'insert into note (body) values ($1)', [
      'written before the restart',
    ]);

    const family = [running.service.pid, ...descendantPids(running.service.pid)];
    expect(family.length).toBeGreaterThan(1); // the postmaster and its background workers
    await running.stop();
    running = undefined;
    expect(family.filter(isAlive)).toEqual([]);

    running = await startPostgres({ dataDir, port: await freePort() });
    const rows = await query<{ body: string }>(running.url('survivor'), 'select body from note');
    expect(rows).toEqual([{ body: 'written before the restart' }]);
  });

  it('refuses a second server on a data dir that is in use', async () => {
    const dataDir = path.join(tempDir('nudgeflow-pg'), 'postgres');
    running = await startPostgres({ dataDir, port: await freePort() });
    await expect(startPostgres({ dataDir, port: await freePort() })).rejects.toThrow(/already running/);
  });
});

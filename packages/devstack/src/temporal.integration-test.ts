import { rmSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { descendantPids, isAlive } from './processes';
import { startTemporal, type TemporalHandle } from './temporal';
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

let running: TemporalHandle | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function withClient<T>(address: string, use: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await use(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

describe('Temporal dev server', () => {
  it('persists workflow executions in its SQLite file across a restart and stops without leftovers', async () => {
    const dbFile = path.join(tempDir('nudgeflow-temporal'), 'temporal.db');
    running = await startTemporal({ dbFile });
    const workflowId = `devstack-persistence-${Date.now()}`;
    // No worker polls this queue: the execution simply stays open, which is all persistence needs.
    await withClient(running.address, (client) =>
      client.workflow.start('neverRuns', { workflowId, taskQueue: `devstack-${workflowId}` }),
    );

    const family = [running.service.pid, ...descendantPids(running.service.pid)];
    await running.stop();
    running = undefined;
    expect(family.filter(isAlive)).toEqual([]);

    running = await startTemporal({ dbFile });
    const description = await withClient(running.address, (client) =>
      client.workflow.getHandle(workflowId).describe(),
    );
    expect(description.workflowId).toBe(workflowId);
    expect(description.status.name).toBe('RUNNING');
  });
});

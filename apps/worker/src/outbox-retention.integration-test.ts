import { createLogger } from '@nudgeflow/config';
import { closeDb, createDb, emitEvent, pruneDispatchedOutbox, type Db } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOutboxPruner } from './outbox-retention';

let db: Db;
beforeAll(() => {
  db = createDb();
});
afterAll(async () => {
  await closeDb(db);
});

const DAY = 24 * 60 * 60 * 1000;

async function outboxRows(workspaceId: string) {
  const rows = await db.outboxEntry.findMany({ where: { workspaceId }, orderBy: { id: 'asc' } });
  return rows.map((row) => (row.payload as { name: string }).name);
}

it('deletes dispatched rows past retention and keeps recent and undispatched ones, and every event', async () => {
  const workspace = await createTestWorkspace(db);
  const customer = await db.customer.create({ data: { workspaceId: workspace.id, userId: 'retention' } });
  const names = ['Old Dispatched', 'Recent Dispatched', 'Old Pending'];
  await emitEvent(
    db,
    names.map((name) => ({
      workspaceId: workspace.id,
      customerId: customer.id,
      name,
      type: 'TRACK' as const,
    })),
  );
  const now = new Date();
  const [oldDispatched, recentDispatched, oldPending] = await db.outboxEntry.findMany({
    where: { workspaceId: workspace.id },
    orderBy: { id: 'asc' },
  });
  await db.outboxEntry.update({
    where: { id: oldDispatched!.id },
    data: { dispatchedAt: new Date(now.getTime() - 8 * DAY) },
  });
  await db.outboxEntry.update({
    where: { id: recentDispatched!.id },
    data: { dispatchedAt: new Date(now.getTime() - 6 * DAY) },
  });
  // Stuck for ten days (Temporal down, a poison row): never dispatched, so never pruned.
  await db.outboxEntry.update({
    where: { id: oldPending!.id },
    data: { createdAt: new Date(now.getTime() - 10 * DAY) },
  });

  const pruner = startOutboxPruner({ db, log: createLogger('outbox-retention-test'), now: () => now });
  try {
    expect(await pruner.runOnce()).toBeGreaterThanOrEqual(1);
  } finally {
    await pruner.stop();
  }
  expect(await outboxRows(workspace.id)).toEqual(['Recent Dispatched', 'Old Pending']);
  expect(await db.event.count({ where: { workspaceId: workspace.id } })).toBe(3);
});

it('prunes a backlog larger than one batch', async () => {
  const workspace = await createTestWorkspace(db);
  const customer = await db.customer.create({ data: { workspaceId: workspace.id, userId: 'backlog' } });
  await emitEvent(
    db,
    Array.from({ length: 7 }, (_, i) => ({
      workspaceId: workspace.id,
      customerId: customer.id,
      name: `E${i}`,
    })),
  );
  const longAgo = new Date(Date.now() - 30 * DAY);
  await db.outboxEntry.updateMany({ where: { workspaceId: workspace.id }, data: { dispatchedAt: longAgo } });
  const deleted = await pruneDispatchedOutbox(db, {
    before: new Date(longAgo.getTime() + 1000),
    batchSize: 2,
  });
  expect(deleted).toBeGreaterThanOrEqual(7);
  expect(await outboxRows(workspace.id)).toEqual([]);
});

import { createLogger } from '@nudgeflow/config';
import {
  archiveSegment,
  closeDb,
  createDb,
  createSegment,
  emitEvent,
  SEGMENT_ENTERED,
  SEGMENT_EXITED,
  updateSegment,
  type Db,
} from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchedEvent } from '../dispatcher';
import { createSegmentsConsumer, startSegmentSweep } from './segments';

let db: Db;
const log = createLogger('segments-consumer-test');
beforeAll(() => {
  db = createDb();
});
afterAll(async () => {
  await closeDb(db);
});

const HOUR = 3_600_000;

async function track(
  workspaceId: string,
  customerId: string,
  name: string,
  timestamp: Date,
  properties: Record<string, unknown> = {},
) {
  await emitEvent(db, { workspaceId, customerId, name, properties, timestamp, type: 'TRACK' });
  const event: DispatchedEvent = {
    outboxId: '0',
    type: 'TRACK',
    workspaceId,
    customerId,
    messageId: `m-${Math.random()}`,
    name,
    properties,
    timestamp: timestamp.toISOString(),
  };
  return event;
}

function segmentEvents(workspaceId: string, customerId: string) {
  return db.event.findMany({
    where: { workspaceId, customerId, name: { in: [SEGMENT_ENTERED, SEGMENT_EXITED] } },
    orderBy: { id: 'asc' },
    select: { name: true, properties: true, type: true, timestamp: true },
  });
}

describe('segments consumer', () => {
  it('moves a customer into a segment on an event, emits Segment Entered once, and out again', async () => {
    const workspace = await createTestWorkspace(db);
    const customer = await db.customer.create({
      data: { workspaceId: workspace.id, userId: 'ada', email: 'ada@example.com' },
    });
    const t0 = new Date('2026-06-01T10:00:00Z');
    let now = t0;
    const consumer = createSegmentsConsumer({ now: () => now });
    const created = await createSegment(
      db,
      workspace.id,
      {
        name: 'Shoe cart abandoners',
        definition: {
          condition: {
            kind: 'and',
            conditions: [
              {
                kind: 'performed',
                event: 'Product Added',
                where: [{ path: 'category', op: 'eq', value: 'shoes' }],
                since: { kind: 'ago', amount: 1, unit: 'days' },
              },
              {
                kind: 'not_performed',
                event: 'Order Completed',
                since: { kind: 'ago', amount: 1, unit: 'days' },
              },
            ],
          },
        },
      },
      t0,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const segmentId = created.value.segment.id;
    expect(created.value.segment.timeBased).toBe(true);
    expect(created.value.changes).toEqual([]);

    const hats = await track(workspace.id, customer.id, 'Product Added', t0, { category: 'hats' });
    await consumer.handle(hats, { db, log });
    expect(await db.segmentMembership.findMany({ where: { segmentId } })).toEqual([]);

    now = new Date(t0.getTime() + 1000);
    const shoes = await track(workspace.id, customer.id, 'Product Added', now, {
      category: 'shoes',
      price: 89,
    });
    await consumer.handle(shoes, { db, log });
    const membership = await db.segmentMembership.findUniqueOrThrow({
      where: { segmentId_customerId: { segmentId, customerId: customer.id } },
    });
    expect(membership).toMatchObject({ inSegment: true, enteredAt: now, exitedAt: null });
    const entered = await segmentEvents(workspace.id, customer.id);
    expect(entered).toEqual([
      { name: SEGMENT_ENTERED, properties: { segmentId }, type: 'INTERNAL', timestamp: now },
    ]);
    // The event reaches journeys through its own outbox row.
    expect(
      await db.outboxEntry.count({
        where: {
          workspaceId: workspace.id,
          customerId: customer.id,
          payload: { path: ['name'], equals: SEGMENT_ENTERED },
        },
      }),
    ).toBe(1);

    // At-least-once delivery: the same event again changes nothing and emits nothing.
    await consumer.handle(shoes, { db, log });
    expect(await segmentEvents(workspace.id, customer.id)).toHaveLength(1);

    const exitAt = new Date(now.getTime() + HOUR);
    now = exitAt;
    const order = await track(workspace.id, customer.id, 'Order Completed', exitAt);
    await consumer.handle(order, { db, log });
    expect(
      await db.segmentMembership.findUniqueOrThrow({
        where: { segmentId_customerId: { segmentId, customerId: customer.id } },
      }),
    ).toMatchObject({
      inSegment: false,
      exitedAt: exitAt,
    });
    expect((await segmentEvents(workspace.id, customer.id)).map((e) => e.name)).toEqual([
      SEGMENT_ENTERED,
      SEGMENT_EXITED,
    ]);
  });

  it('settles segments built on other segments in one pass', async () => {
    const workspace = await createTestWorkspace(db);
    const customer = await db.customer.create({
      data: { workspaceId: workspace.id, userId: 'grace', country: 'DE' },
    });
    const now = new Date('2026-06-01T10:00:00Z');
    const buyers = await createSegment(
      db,
      workspace.id,
      { name: 'Buyers', definition: { condition: { kind: 'performed', event: 'Order Completed' } } },
      now,
    );
    if (!buyers.ok) throw new Error(JSON.stringify(buyers.errors));
    const germanBuyers = await createSegment(
      db,
      workspace.id,
      {
        name: 'German buyers',
        definition: {
          condition: {
            kind: 'and',
            conditions: [
              { kind: 'in_segment', segmentId: buyers.value.segment.id },
              { kind: 'trait', path: 'country', op: 'eq', value: 'DE' },
            ],
          },
        },
      },
      now,
    );
    if (!germanBuyers.ok) throw new Error(JSON.stringify(germanBuyers.errors));
    const cycle = await createSegment(db, workspace.id, {
      name: 'x',
      definition: { condition: { kind: 'in_segment', segmentId: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(cycle).toMatchObject({ ok: false, errors: [{ field: 'definition' }] });

    const order = await track(workspace.id, customer.id, 'Order Completed', now);
    await createSegmentsConsumer({ now: () => now }).handle(order, { db, log });
    const events = await segmentEvents(workspace.id, customer.id);
    expect(events.map((e) => (e.properties as { segmentId: string }).segmentId).sort()).toEqual(
      [buyers.value.segment.id, germanBuyers.value.segment.id].sort(),
    );

    // Narrowing "Buyers" recomputes it and then the segment built on it.
    const later = new Date(now.getTime() + 1000);
    const updated = await updateSegment(
      db,
      workspace.id,
      buyers.value.segment.id,
      {
        definition: {
          condition: { kind: 'performed', event: 'Order Completed', count: { op: 'gte', value: 2 } },
        },
      },
      later,
    );
    expect(updated).toMatchObject({
      ok: true,
      value: { changes: [{ customerId: customer.id, entered: false }] },
    });
    expect(
      await db.segmentMembership.findUniqueOrThrow({
        where: {
          segmentId_customerId: { segmentId: germanBuyers.value.segment.id, customerId: customer.id },
        },
      }),
    ).toMatchObject({ inSegment: false, exitedAt: later });
    expect(await archiveSegment(db, workspace.id, buyers.value.segment.id)).toMatchObject({
      ok: false,
      errors: [{ field: 'id' }],
    });
  });

  it('lets the sweep move customers whose window ran out, with no event of theirs', async () => {
    const workspace = await createTestWorkspace(db);
    const customer = await db.customer.create({ data: { workspaceId: workspace.id, userId: 'linus' } });
    const t0 = new Date('2026-06-01T10:00:00Z');
    const viewed = await track(workspace.id, customer.id, 'Product Viewed', t0);
    const created = await createSegment(
      db,
      workspace.id,
      {
        name: 'Browsed in the last 2 hours',
        definition: {
          condition: {
            kind: 'performed',
            event: 'Product Viewed',
            since: { kind: 'ago', amount: 2, unit: 'hours' },
          },
        },
      },
      t0,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(created.value.changes).toMatchObject([{ customerId: customer.id, entered: true }]);
    await createSegmentsConsumer({ now: () => t0 }).handle(viewed, { db, log });

    let now = new Date(t0.getTime() + HOUR);
    const sweep = startSegmentSweep({
      db,
      log,
      intervalMs: 3_600_000,
      now: () => now,
      workspaceId: workspace.id,
    });
    try {
      await sweep.runOnce();
      expect((await segmentEvents(workspace.id, customer.id)).map((e) => e.name)).toEqual([SEGMENT_ENTERED]);
      now = new Date(t0.getTime() + 3 * HOUR);
      await sweep.runOnce();
      expect((await segmentEvents(workspace.id, customer.id)).map((e) => e.name)).toEqual([
        SEGMENT_ENTERED,
        SEGMENT_EXITED,
      ]);
      await sweep.runOnce();
      expect(await segmentEvents(workspace.id, customer.id)).toHaveLength(2);
    } finally {
      await sweep.stop();
    }
  });
  it('marks customers lapsed after 90 idle days in the sweep, which moves them into a lifecycle segment', async () => {
    const workspace = await createTestWorkspace(db);
    const t0 = new Date('2026-06-01T10:00:00Z');
    const idle = await db.customer.create({
      data: { workspaceId: workspace.id, userId: 'grace', lifecycleStage: 'REPEAT', lastSeenAt: t0 },
    });
    const recent = await db.customer.create({
      data: {
        workspaceId: workspace.id,
        userId: 'alan',
        lifecycleStage: 'REPEAT',
        lastSeenAt: new Date(t0.getTime() + 80 * 24 * HOUR),
      },
    });
    const created = await createSegment(
      db,
      workspace.id,
      {
        name: 'Lapsed',
        definition: { condition: { kind: 'trait', path: 'lifecycleStage', op: 'eq', value: 'LAPSED' } },
      },
      t0,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(created.value.changes).toEqual([]);

    const now = new Date(t0.getTime() + 91 * 24 * HOUR);
    const sweep = startSegmentSweep({
      db,
      log,
      intervalMs: 3_600_000,
      now: () => now,
      workspaceId: workspace.id,
    });
    try {
      await sweep.runOnce();
    } finally {
      await sweep.stop();
    }
    const stages = await db.customer.findMany({
      where: { workspaceId: workspace.id },
      select: { id: true, lifecycleStage: true },
    });
    expect(Object.fromEntries(stages.map((c) => [c.id, c.lifecycleStage]))).toEqual({
      [idle.id]: 'LAPSED',
      [recent.id]: 'REPEAT',
    });
    expect((await segmentEvents(workspace.id, idle.id)).map((e) => e.name)).toEqual([SEGMENT_ENTERED]);
    expect(await segmentEvents(workspace.id, recent.id)).toEqual([]);
  });
});

import { env } from '@nudgeflow/config';
import { verifyPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from './client';
import { migrate } from './migrate';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, seedDemo, type DemoSeedStep } from './seed';
import { createThrowawayDatabase, type ThrowawayDatabase } from './testing';

// The demo workspace has a fixed slug, so this test seeds a database of its own.
describe('seedDemo', () => {
  let database: ThrowawayDatabase;
  let db: Db;

  beforeAll(async () => {
    const serverUrl = env().DATABASE_URL;
    if (!serverUrl) throw new Error('DATABASE_URL must be set for integration tests');
    database = await createThrowawayDatabase(serverUrl, 'seed');
    await migrate(database.url);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await closeDb(db);
    await database.drop();
  });

  it('creates the demo shop once, runs extra steps inside it, and changes nothing the second time', async () => {
    const stepCalls: string[] = [];
    const step: DemoSeedStep = async (tx, demo) => {
      stepCalls.push(demo.workspace.id);
      await tx.segment.create({
        data: { workspaceId: demo.workspace.id, name: 'From a step', definition: {} },
      });
    };
    const first = await seedDemo(db, { steps: [step] });
    expect(first.created).toBe(true);
    expect(first.workspace.slug).toBe('demo');
    expect(first.workspace.writeKey).toMatch(/^wk_/);
    expect(stepCalls).toEqual([first.workspace.id]);

    const counts = async () => ({
      workspaces: await db.workspace.count(),
      users: await db.user.count(),
      customers: await db.customer.count(),
      events: await db.event.count(),
      products: await db.product.count(),
      segments: await db.segment.count(),
    });
    const before = await counts();
    const second = await seedDemo(db, { steps: [step] });
    expect(second.created).toBe(false);
    expect(second.workspace.id).toBe(first.workspace.id);
    expect(stepCalls).toHaveLength(1);
    expect(await counts()).toEqual(before);
  });

  it('has a login better-auth can verify, as OWNER of the demo shop', async () => {
    const user = await db.user.findUniqueOrThrow({
      where: { email: DEMO_ADMIN_EMAIL },
      include: { accounts: true, memberships: { include: { workspace: true } } },
    });
    const credential = user.accounts.find((account) => account.providerId === 'credential');
    expect(credential?.accountId).toBe(user.id);
    expect(credential?.password).toBeTruthy();
    expect(await verifyPassword({ hash: credential?.password ?? '', password: DEMO_ADMIN_PASSWORD })).toBe(
      true,
    );
    expect(await verifyPassword({ hash: credential?.password ?? '', password: 'wrong' })).toBe(false);
    expect(user.memberships.map((m) => [m.workspace.slug, m.role])).toEqual([['demo', 'OWNER']]);
  });

  it('holds a catalogue, topics, shoppers and a month of shop events', async () => {
    const workspace = await db.workspace.findUniqueOrThrow({ where: { slug: 'demo' } });
    const products = await db.product.findMany({ where: { workspaceId: workspace.id } });
    expect(products.length).toBeGreaterThanOrEqual(12);
    expect(
      products.every(
        (p) => p.imageUrl === `/demo/products/${p.id}.svg` && p.url === `/shop/products/${p.id}`,
      ),
    ).toBe(true);
    expect(new Set(products.map((p) => p.category))).toEqual(
      new Set(['shoes', 'bags', 'apparel', 'accessories']),
    );

    const topics = await db.topic.findMany({ where: { workspaceId: workspace.id }, orderBy: { key: 'asc' } });
    expect(topics.map((t) => [t.key, t.defaultSubscribed])).toEqual([
      ['back-in-stock', false],
      ['marketing', true],
      ['transactional', true],
    ]);

    const customers = await db.customer.findMany({
      where: { workspaceId: workspace.id },
      include: { identities: true },
    });
    expect(customers).toHaveLength(50);
    expect(customers.every((c) => c.identities.some((i) => i.kind === 'ANONYMOUS_ID'))).toBe(true);
    const identified = customers.filter((c) => c.userId);
    expect(identified.length).toBeGreaterThan(35);
    expect(
      identified.every(
        (c) => c.email && c.identities.some((i) => i.kind === 'USER_ID' && i.value === c.userId),
      ),
    ).toBe(true);
    expect(new Set(customers.map((c) => c.timezone)).size).toBeGreaterThan(3);

    const events = await db.event.findMany({ where: { workspaceId: workspace.id } });
    expect(events.length).toBeGreaterThanOrEqual(200);
    const names = new Set(events.map((e) => e.name));
    for (const name of ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed']) {
      expect(names).toContain(name);
    }
    const monthAgo = Date.now() - 31 * 24 * 60 * 60 * 1000;
    expect(events.every((e) => e.timestamp.getTime() > monthAgo && e.timestamp.getTime() <= Date.now())).toBe(
      true,
    );

    // orderCount agrees with the events each customer has.
    const orders = new Map<string, number>();
    for (const e of events)
      if (e.name === 'Order Completed') orders.set(e.customerId, (orders.get(e.customerId) ?? 0) + 1);
    expect(customers.every((c) => c.orderCount === (orders.get(c.id) ?? 0))).toBe(true);
  });
});

// The steps other areas register (demo journeys …) must keep the first start working.
describe('seedDemo with the registered demo steps', () => {
  it('creates the demo workspace with every default step applied', async () => {
    const serverUrl = env().DATABASE_URL;
    if (!serverUrl) throw new Error('DATABASE_URL must be set for integration tests');
    const database = await createThrowawayDatabase(serverUrl, 'seed');
    const db = createDb(database.url);
    try {
      await migrate(database.url);
      const result = await seedDemo(db);
      expect(result.created).toBe(true);
      expect(await db.customer.count({ where: { workspaceId: result.workspace.id } })).toBe(50);
    } finally {
      await closeDb(db);
      await database.drop();
    }
  });
});

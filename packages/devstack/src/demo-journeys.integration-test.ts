import { closeDb, createDb, migrate, seedDemo } from '@nudgeflow/db';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@nudgeflow/db/testing';
import { env } from '@nudgeflow/config';
import { JourneyDefinition } from '@nudgeflow/journey';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemoJourneys } from './demo-journeys';

/** The first start publishes a working cart-abandonment journey for the demo shop, once. */
let database: ThrowawayDatabase;

beforeAll(async () => {
  database = await createThrowawayDatabase(env().DATABASE_URL!, 'demo_journeys');
  await migrate(database.url);
  const db = createDb(database.url);
  try {
    await seedDemo(db);
  } finally {
    await closeDb(db);
  }
});

afterAll(async () => {
  await database?.drop();
});

test('publishes the demo cart journey (push, else email, else in-app) once, with compiled templates', async () => {
  const first = await seedDemoJourneys(database.url, { publicUrl: 'http://shop.test/' });
  expect(first.created).toBe(true);
  expect(first.journeys).toEqual([
    { id: expect.any(String), name: 'Cart abandonment (demo: 1 minute)', version: 1 },
  ]);

  const db = createDb(database.url);
  try {
    const journey = await db.journey.findUniqueOrThrow({
      where: { id: first.journeys[0]!.id },
      include: { activeVersion: true },
    });
    expect(journey.status).toBe('ACTIVE');
    const definition = JourneyDefinition.parse(journey.activeVersion!.definition);
    const wait = Object.values(definition.nodes).find((node) => node.kind === 'wait.events')!;
    expect((wait.config as { timeout: unknown }).timeout).toEqual({ amount: 1, unit: 'minutes' });
    const message = Object.values(definition.nodes).find((node) => node.kind === 'message')!;
    const channels = (message.config as { channels: { channel: string; templateId: string }[] }).channels;
    expect(channels.map((step) => step.channel)).toEqual(['push', 'email', 'in_app']);
    const templates = await db.template.findMany({
      where: { id: { in: channels.map((step) => step.templateId) } },
    });
    expect(templates).toHaveLength(3);
    // The email's MJML was compiled once at save, as for a marketer's template.
    expect(JSON.stringify(templates.find((t) => t.channel === 'EMAIL')!.compiled)).toContain('<html');
    // Links are absolute: a push or email opens outside the shop, and in-app keeps only http(s) URLs.
    const inApp = templates.find((t) => t.channel === 'IN_APP')!.content as {
      variants: { en: { actions: { url: string }[]; imageUrl: string } };
    };
    expect(inApp.variants.en.actions[0]!.url).toBe('http://shop.test/shop/checkout');
    expect(inApp.variants.en.imageUrl).toContain('http://shop.test{{ product.image_url }}');
  } finally {
    await closeDb(db);
  }

  const again = await seedDemoJourneys(database.url, { publicUrl: 'http://shop.test' });
  expect(again).toEqual({ created: false, journeys: [] });
});

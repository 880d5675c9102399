import {
  buildTemplateVariables,
  createBuiltInChannels,
  missingVariables,
  requiredVariables,
} from '@nudgeflow/channels';
import { closeDb, createDb, migrate, seedDemo, type Db } from '@nudgeflow/db';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@nudgeflow/db/testing';
import { env } from '@nudgeflow/config';
import { JourneyDefinition } from '@nudgeflow/journey';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemoJourneys } from './demo-journeys';

function variables(properties: Record<string, unknown>) {
  return buildTemplateVariables({
    customer: {
      id: 'c1',
      userId: null,
      email: 'a@shop.test',
      phone: null,
      locale: 'en',
      timezone: null,
      traits: {},
    },
    context: properties,
    catalog: [],
  });
}

/** Renders each demo template as the sender would (lenient), for an event with these properties. */
async function renderDemo(
  templates: { id: string; channel: string | null; content: unknown; compiled: unknown }[],
  properties: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const built = createBuiltInChannels({ db: {} as Db, email: { transport: 'smtp://127.0.0.1:1' } });
  const links = {
    unsubscribeUrl: 'http://shop.test/u',
    preferencesUrl: 'http://shop.test/p',
    openPixelUrl: 'http://shop.test/o.gif',
    trackClick: (url: string) => url,
  };
  const out: Record<string, unknown> = {};
  try {
    for (const template of templates) {
      const id = template.channel!.toLowerCase();
      const channel = built.channels.find((candidate) => candidate.id === id)!;
      out[id] = await channel.render(
        {
          id: template.id,
          channel: id,
          content: template.content,
          compiled: template.compiled,
          topicKey: null,
        },
        {
          variables: variables(properties),
          sendId: 's1',
          links,
          mode: 'send',
          defaultLocale: 'en',
          sender: {},
        },
        'en',
      );
    }
  } finally {
    built.close();
  }
  return out;
}

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

    // An event without image and currency: those parts are left out, not rendered as the base URL or "55 ".
    const rendered = await renderDemo(templates, { product_id: 'sku-x', name: 'Trail boots', price: 55 });
    const push = (rendered.push as { payload: Record<string, unknown> }).payload;
    expect(push.title).toBe('Trail boots is still in your cart');
    expect(push).not.toHaveProperty('image');
    expect(push.body).toBe('Complete your order for 55.00.');
    const mail = rendered.email as { subject: string; html: string };
    expect(mail.subject).toBe('Still thinking about Trail boots?');
    expect(mail.html).toContain('Trail boots: 55.00</div>');
    expect(mail.html).not.toContain('src="http://shop.test"');
    expect(mail.html).not.toMatch(/<img[^>]+alt="Trail boots"/);
    const banner = (rendered.in_app as { content: { html: string; imageUrl: string | null } }).content;
    expect(banner.html).toContain('Complete your order today for <strong>55.00</strong>.');
    expect(banner.imageUrl).toBeNull();

    // With image and currency both appear, formatted.
    const full = await renderDemo(templates, {
      product_id: 'sku-y',
      name: 'Trail boots',
      price: 49.99,
      currency: 'EUR',
      image_url: '/img/boots.png',
    });
    const fullPush = (full.push as { payload: Record<string, unknown> }).payload;
    expect(fullPush.image).toBe('http://shop.test/img/boots.png');
    expect(fullPush.body).toBe('Complete your order for €49.99.');

    // Without a product name every channel declares it cannot go out.
    for (const template of templates) {
      expect(missingVariables(requiredVariables(template.content), variables({ quantity: 1 }))).toEqual([
        'product.name',
      ]);
    }
  } finally {
    await closeDb(db);
  }

  const again = await seedDemoJourneys(database.url, { publicUrl: 'http://shop.test' });
  expect(again).toEqual({ created: false, journeys: [] });
});

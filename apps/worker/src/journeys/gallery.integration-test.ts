import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  createBuiltInChannels,
  createMessageSender,
  saveTemplateWithCompile,
  type BuiltInChannelId,
} from '@nudgeflow/channels';
import { createLogger } from '@nudgeflow/config';
import { closeDb, createDb, createSegment, type Db } from '@nudgeflow/db';
import {
  compileJourney,
  compileJourneyDocument,
  formatWallTime,
  zonedWallTime,
  type CompiledNode,
} from '@nudgeflow/journey';
import {
  findGalleryJourney,
  instantiateGalleryDocument,
  type GalleryDocument,
} from '@nudgeflow/journey/gallery';
import { startSmtpReceiver, type SmtpReceiver } from '@nudgeflow/channels/testing/smtp-receiver';
import { startJourneyScheduler, type JourneyScheduler } from '../schedules/scheduler';
import { startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * Every gallery journey end to end: its templates and segments saved as creating it from the gallery does,
 * the document compiled and published, events (or the schedule) entering customers, the real worker on
 * Temporal running them and the real message sender delivering to an SMTP server and the in-app inbox.
 *
 * Time is compressed, and only time: waits of hours and days become seconds, and the welcome series' office
 * hours cover the whole day, so the test neither takes days nor depends on the hour it runs. The holiday
 * offer's date becomes a wall time a few seconds ahead in Berlin.
 */
let h: JourneyHarness;
let smtp: SmtpReceiver;
let senderDb: Db;
let closeChannels: () => void;
let scheduler: JourneyScheduler | undefined;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  senderDb = createDb();
  const built = createBuiltInChannels({ db: senderDb, email: { transport: smtp.url } });
  closeChannels = built.close;
  const sender = createMessageSender({
    db: senderDb,
    channels: built.channels,
    publicUrl: 'https://app.test',
  });
  h = await startJourneyHarness({ sendMessage: (request) => sender.send(request) });
  // Quiet hours and caps are governance's tests; here they must not depend on the hour the suite runs.
  await h.db.workspace.update({
    where: { id: h.workspaceId },
    data: { settings: { governance: { quietHours: null, frequencyCaps: [] } } },
  });
});

afterAll(async () => {
  await scheduler?.stop();
  await h?.close();
  closeChannels?.();
  if (senderDb) await closeDb(senderDb);
  await smtp?.close();
});

const SECONDS = (amount: number) => ({ amount, unit: 'seconds' });

/** The document with its waits in seconds (see the file comment); everything else as the gallery ships it. */
function compressed(document: GalleryDocument, scheduleAt?: string): GalleryDocument {
  const nodes = document.nodes.map((node) => {
    const config = { ...(node.config as Record<string, unknown>) };
    if (node.type === 'wait.events') config.timeout = SECONDS(2);
    if (node.type === 'wait.duration') config.duration = SECONDS(1);
    if (node.type === 'wait.window')
      Object.assign(config, {
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        from: '00:00',
        to: '23:59',
      });
    if (node.type === 'message' && config.followUp)
      config.followUp = { ...(config.followUp as object), after: SECONDS(2) };
    if (node.type === 'trigger.schedule' && scheduleAt) config.when = { kind: 'once', at: scheduleAt };
    return { ...node, config };
  });
  return { ...document, nodes };
}

/** Saves the gallery journey's templates and segments in the harness workspace and publishes it. */
async function publishGallery(id: string, options: { scheduleAt?: string } = {}): Promise<string> {
  const journey = findGalleryJourney(id)!;
  const ids: Record<string, string> = {};
  for (const template of journey.templates) {
    const saved = await saveTemplateWithCompile(h.db, {
      workspaceId: h.workspaceId,
      name: template.name,
      channel: template.channel as BuiltInChannelId,
      topicKey: template.topicKey,
      content: template.content,
    });
    if (!saved.ok) throw new Error(`${template.name}: ${JSON.stringify(saved.errors)}`);
    ids[template.placeholderId] = saved.template.id;
  }
  for (const segment of journey.segments) {
    const created = await createSegment(h.db, h.workspaceId, segment);
    if (!created.ok) throw new Error(`${segment.name}: ${JSON.stringify(created.errors)}`);
    ids[segment.placeholderId] = created.value.segment.id;
  }
  const document = compressed(instantiateGalleryDocument(journey, ids), options.scheduleAt);
  const checked = compileJourneyDocument(document);
  if (!checked.ok) throw new Error(`${id} does not compile: ${JSON.stringify(checked.errors)}`);
  const compiled = compileJourney(checked.graph, {
    identity: { journeyId: 'gallery', versionId: 'gallery', version: 1, name: journey.name },
  });
  if (!compiled.ok) throw new Error(`${id} does not compile: ${JSON.stringify(compiled.errors)}`);
  const definition = await h.publish({
    name: journey.name,
    settings: compiled.definition.settings,
    nodes: Object.values(compiled.definition.nodes) as CompiledNode[],
  });
  return definition.journeyId;
}

async function customer(email: string, extra: { country?: string; timezone?: string } = {}): Promise<string> {
  return h.createCustomer({ email, emailOptIn: true, ...extra });
}

/** Subjects of the mail delivered to `email`, once at least `count` arrived. */
async function subjectsTo(email: string, count: number): Promise<string[]> {
  return h.waitFor(
    async () => {
      const subjects = smtp.mails
        .filter((mail) => mail.envelopeTo.includes(email))
        .map((mail) => mail.parsed.subject ?? '');
      return subjects.length >= count ? subjects : undefined;
    },
    `${count} mail to ${email}`,
    60_000,
  );
}

function htmlTo(email: string): string {
  return smtp.mails
    .filter((mail) => mail.envelopeTo.includes(email))
    .map((mail) => String(mail.parsed.html))
    .join('\n');
}

const product = { product_id: 'sku-7', name: 'Trail Runner', price: 89, url: 'https://shop.test/p/sku-7' };

test('cart abandonment: no order within the wait, an email with the product', async () => {
  const journeyId = await publishGallery('cart-abandonment');
  const customerId = await customer('cart@shop.test');
  await h.emit({ customerId, name: 'Product Added', properties: { ...product, cart_id: 'cart-7' } });
  expect(await subjectsTo('cart@shop.test', 1)).toEqual(['Still thinking about Trail Runner?']);
  // Links go through click tracking (the template tracks), so the mail carries the redirect, not the URL.
  expect(htmlTo('cart@shop.test')).toContain('Trail Runner is waiting in your cart');
  expect(htmlTo('cart@shop.test')).toContain('https://app.test/t/c/');
  const run = await h.db.journeyRun.findFirstOrThrow({ where: { journeyId, customerId } });
  expect(run.entryKey).toBe('cart-7');
});

test('browse abandonment: a single view and nothing added, the reminder', async () => {
  await publishGallery('browse-abandonment');
  const customerId = await customer('browse@shop.test');
  await h.emit({ customerId, name: 'Product Viewed', properties: product });
  expect(await subjectsTo('browse@shop.test', 1)).toEqual(['Trail Runner caught your eye']);
});

test('welcome series: welcome, then the first-order promo code, then its reminder when not clicked', async () => {
  await publishGallery('welcome-series');
  const customerId = await customer('welcome@shop.test');
  await h.emit({ customerId, name: 'Signed Up' });
  expect(await subjectsTo('welcome@shop.test', 3)).toEqual([
    'Welcome to the shop',
    '15% off your first order',
    'Your code WELCOME15 is still waiting',
  ]);
  expect(htmlTo('welcome@shop.test')).toContain('WELCOME15');
});

test('repeat customer: a second order gets the thank-you in-app, no second order the come-back offer by email', async () => {
  await publishGallery('repeat-customer');
  const loyal = await customer('loyal@shop.test');
  await h.emit({ customerId: loyal, name: 'Order Completed', properties: { total: 40 } });
  await h.waitFor(async () => (await h.db.journeyRun.count({ where: { customerId: loyal } })) > 0, 'entry');
  await h.emit({ customerId: loyal, name: 'Order Completed', properties: { total: 55 } });
  const thanks = await h.waitFor(
    async () => (await h.db.inAppMessage.findMany({ where: { customerId: loyal } }))[0],
    'the thank-you in-app message',
  );
  expect(JSON.stringify(thanks.content)).toContain('Thank you for coming back');

  const lapsed = await customer('lapsed@shop.test');
  await h.emit({ customerId: lapsed, name: 'Order Completed', properties: { total: 40, category: 'shoes' } });
  expect(await subjectsTo('lapsed@shop.test', 1)).toEqual(['10% off your next order']);
  expect(htmlTo('lapsed@shop.test')).toContain('<strong>COMEBACK10</strong>');
  expect(htmlTo('lapsed@shop.test')).toContain('https://app.test/t/c/');
});

test('almost purchasers: favourited and not carted, a nudge with the product', async () => {
  await publishGallery('almost-purchasers');
  const customerId = await customer('wish@shop.test');
  await h.emit({ customerId, name: 'Product Added to Wishlist', properties: product });
  expect(await subjectsTo('wish@shop.test', 1)).toEqual(['Still thinking about Trail Runner?']);
});

test('free-delivery threshold: the in-app banner says how much is missing; a cart over it gets none', async () => {
  const journeyId = await publishGallery('free-delivery-threshold');
  const under = await customer('under@shop.test');
  const over = await customer('over@shop.test');
  await h.emit({ customerId: under, name: 'Cart Viewed', properties: { total: 32.5, currency: 'EUR' } });
  await h.emit({ customerId: over, name: 'Cart Viewed', properties: { total: 80, currency: 'EUR' } });
  const banner = await h.waitFor(
    async () => (await h.db.inAppMessage.findMany({ where: { customerId: under } }))[0],
    'the free-delivery banner',
  );
  expect((banner.content as { html: string }).html).toContain('17.5 EUR');
  expect(await h.db.journeyRun.count({ where: { journeyId, customerId: over } })).toBe(0);
});

test('back in stock: push unreachable, so email, once per product', async () => {
  const journeyId = await publishGallery('back-in-stock');
  const customerId = await customer('stock@shop.test');
  await h.emit({ customerId, name: 'Back In Stock', properties: product });
  expect(await subjectsTo('stock@shop.test', 1)).toEqual(['Trail Runner is back in stock']);
  const sends = await h.db.messageSend.findMany({ where: { customerId } });
  expect(sends.map((send) => send.channel)).toEqual(['email']);
  expect(sends[0]!.skipped).toEqual([{ channel: 'push', reason: 'no push subscription' }]);
  const run = await h.db.journeyRun.findFirstOrThrow({ where: { journeyId, customerId } });
  expect(run.entryKey).toBe('sku-7');
});

test('holiday offer by region: customers in Germany at the wall time in their zone, nobody elsewhere', async () => {
  // Customers exist before the gallery's segment, which computes its members when it is created.
  const berlin = await customer('berlin@shop.test', { country: 'DE', timezone: 'Europe/Berlin' });
  const paris = await customer('paris@shop.test', { country: 'FR', timezone: 'Europe/Paris' });
  const at = formatWallTime(zonedWallTime(new Date(Date.now() + 6_000), 'Europe/Berlin'));
  const journeyId = await publishGallery('holiday-offer', { scheduleAt: at });
  scheduler = startJourneyScheduler({
    db: h.db,
    log: createLogger('gallery-scheduler'),
    workspaceId: h.workspaceId,
    pollIntervalMs: 250,
    lookaheadMs: 60_000,
  });
  expect(await subjectsTo('berlin@shop.test', 1)).toEqual(['Happy holidays: 20% off today']);
  expect(await h.db.journeyRun.count({ where: { journeyId, customerId: berlin } })).toBe(1);
  expect(await h.db.journeyRun.count({ where: { journeyId, customerId: paris } })).toBe(0);
});

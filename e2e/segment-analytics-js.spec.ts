import type { Db } from '@nudgeflow/db';
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AnalyticsBrowser as AnalyticsBrowserType } from '@segment/analytics-next';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, demoWorkspaceId, eventually, launchChromium, openDb } from './harness';

/**
 * Must show (#16): a shop already instrumented with Segment's browser library switches to Nudgeflow by
 * pointing `cdnURL` at it and nothing else. The real @segment/analytics-next, bundled for the browser, runs
 * in Chromium on the shop's own origin (a second server on another port), fetches its settings document
 * from Nudgeflow, and delivers a page view, a track, an identify, a group and an alias, in the standard and
 * the batching delivery strategy; every event lands exactly once.
 */
const SHOP_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>A shop on another origin</h1><script src="/analytics.js"></script></body></html>`;

interface SentEvent {
  messageId: string;
  type: string;
}

let browser: Browser;
let db: Db;
let writeKey: string;
let workspaceId: string;
let shop: Server;
let shopUrl: string;

async function bundleAnalyticsNext(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "export { AnalyticsBrowser } from '@segment/analytics-next';",
      resolveDir: path.resolve(import.meta.dirname, '..'),
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    globalName: 'SegmentAnalytics',
    platform: 'browser',
    target: ['chrome100'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  browser = await launchChromium();
  db = openDb();
  workspaceId = await demoWorkspaceId(db);
  writeKey = (await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).writeKey;
  const script = await bundleAnalyticsNext();
  shop = createServer((req, res) => {
    const isScript = req.url === '/analytics.js';
    res.setHeader('Content-Type', isScript ? 'text/javascript' : 'text/html; charset=utf-8');
    res.end(isScript ? script : SHOP_PAGE);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  // localhost vs 127.0.0.1 on another port: a different origin from the app in every respect.
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  expect(new URL(shopUrl).origin).not.toBe(new URL(appUrl()).origin);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
  await new Promise((resolve) => shop?.close(resolve));
});

/** Loads the library on the shop page with only cdnURL changed, sends one of each call, returns what it sent. */
async function sendFromShop(
  strategy: 'standard' | 'batching',
): Promise<{ sent: SentEvent[]; requests: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  await page.goto(shopUrl);
  const sent = await page.evaluate(
    async ({ writeKey, cdnURL, strategy }) => {
      const { AnalyticsBrowser } = (
        window as unknown as { SegmentAnalytics: { AnalyticsBrowser: typeof AnalyticsBrowserType } }
      ).SegmentAnalytics;
      const integrations =
        strategy === 'batching'
          ? {
              'Segment.io': {
                deliveryStrategy: { strategy: 'batching' as const, config: { size: 3, timeout: 300 } },
              },
            }
          : undefined;
      const [analytics] = await AnalyticsBrowser.load(
        { writeKey, cdnURL },
        integrations ? { integrations } : {},
      );
      const userId = `seg-${strategy}-${Math.random().toString(36).slice(2)}`;
      const contexts = [
        await analytics.page('Shop', 'Home'),
        await analytics.track('Product Viewed', { product_id: 'sku-1', price: 19.99 }),
        await analytics.identify(userId, { email: `${userId}@shop.test` }),
        await analytics.group('company-7', { name: 'Seven' }),
        await analytics.alias(`${userId}-alias`, userId),
        await analytics.track('Product Added', { product_id: 'sku-1', cart_id: 'cart-1' }),
      ];
      return contexts.map((ctx) => ({ messageId: ctx.event.messageId!, type: ctx.event.type }));
    },
    { writeKey, cdnURL: appUrl(), strategy },
  );
  // Let the batching strategy's timer flush before the context closes.
  await page.waitForTimeout(strategy === 'batching' ? 1_000 : 100);
  await context.close();
  return { sent, requests };
}

async function expectEachLandedOnce(sent: SentEvent[]): Promise<void> {
  const ids = sent.map((event) => event.messageId);
  const stored = await eventually(`${ids.length} events in Postgres`, async () => {
    const rows = await db.event.findMany({
      where: { workspaceId, messageId: { in: ids } },
      select: { messageId: true, type: true },
    });
    return rows.length >= ids.length ? rows : null;
  });
  expect(stored).toHaveLength(ids.length);
  const byId = new Map(stored.map((row) => [row.messageId, row.type.toLowerCase()]));
  for (const event of sent) expect(byId.get(event.messageId)).toBe(event.type);
}

describe('@segment/analytics-next pointed at Nudgeflow', () => {
  it('standard delivery: fetches settings from Nudgeflow and posts each call to the short routes', async () => {
    const { sent, requests } = await sendFromShop('standard');
    expect(sent.map((event) => event.type)).toEqual(['page', 'track', 'identify', 'group', 'alias', 'track']);
    await expectEachLandedOnce(sent);
    const app = appUrl();
    expect(requests).toContain(`GET ${app}/v1/projects/${writeKey}/settings`);
    for (const path of ['p', 't', 'i', 'g', 'a']) expect(requests).toContain(`POST ${app}/v1/${path}`);
    // Nothing went anywhere but the shop and Nudgeflow (no Segment CDN, no metrics endpoint).
    const elsewhere = requests.filter((line) => !line.includes(app) && !line.includes(shopUrl));
    expect(elsewhere).toEqual([]);
  });

  it('batching delivery: posts to /v1/b and every event lands once', async () => {
    const { sent, requests } = await sendFromShop('batching');
    await expectEachLandedOnce(sent);
    expect(requests).toContain(`POST ${appUrl()}/v1/b`);
    expect(requests.filter((line) => /\/v1\/[tpiga]$/.test(line))).toEqual([]);
  });
});

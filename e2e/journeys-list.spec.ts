import { publishJourneyVersion, type Db } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileJourney } from '@nudgeflow/journey';
import { appUrl, eventually, launchChromium, openDb, shopServerAuthorization } from './harness';

/**
 * A marketer in a new workspace: an empty journeys list, the gallery, four shop journeys created from it
 * (with their templates) and a blank one; one goes live and real events through /v1 put customers in it;
 * search, duplicate and pause from the list. Each page is checked with axe-core (no serious or critical
 * violations) in light and dark, and the screenshots land in docs/images for the README.
 */
const LONG = { timeout: 90_000 };
const IMAGES = path.resolve(import.meta.dirname, '..', 'docs', 'images');

function image(name: string): string {
  mkdirSync(IMAGES, { recursive: true });
  return path.join(IMAGES, name);
}

/** Runs axe-core in the page and returns the serious and critical violations, described for a failure message. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, not as a <script> tag: addScriptTag fails on any CSP report in the
  // page (the email preview's web-font link is refused by the app's style-src), though axe itself loads.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

async function hydrated(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (target) => {
      const element = document.querySelector(target);
      return element !== null && Object.keys(element).some((key) => key.startsWith('__reactFiber'));
    },
    selector,
    LONG,
  );
}

async function createFromGallery(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'From the gallery' }).click();
  const dialog = page.getByRole('dialog', { name: 'Journey gallery' });
  await dialog.getByRole('button', { name: `Use this journey: ${name}` }).click();
  await dialog.waitFor({ state: 'hidden', ...LONG });
  await page.getByRole('link', { name, exact: true }).waitFor(LONG);
}

function row(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** The shop's server reports an add to cart (an API key: trusted with the user id it names). */
async function track(authorization: string, userId: string, cartId: string): Promise<void> {
  const response = await fetch(`${appUrl()}/v1/track`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization,
    },
    body: JSON.stringify({
      userId,
      event: 'Product Added',
      properties: { cart_id: cartId, product_id: 'trail-runner', name: 'Trail runner', price: 89 },
    }),
  });
  expect(response.status).toBe(200);
}

describe('journeys list and gallery', () => {
  let browser: Browser;
  let light: BrowserContext;
  let page: Page;
  let db: Db;
  let workspace: { id: string; writeKey: string };

  beforeAll(async () => {
    browser = await launchChromium();
    light = await browser.newContext({ viewport: { width: 1440, height: 960 }, colorScheme: 'light' });
    page = await light.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    db = openDb();
    const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@nudgeflow.local' } });
    workspace = await createTestWorkspace(db, { ownerUserId: admin.id, name: 'Spring Shop' });
  });
  afterAll(async () => {
    await light?.close();
    await browser?.close();
    await db?.$disconnect();
  });

  it('starts empty, creates from the gallery and blank, goes live, counts entries, searches, duplicates, pauses', async () => {
    await page.goto(`${appUrl()}/login`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'form');
    await page.fill('input[name=email]', 'admin@nudgeflow.local');
    await page.fill('input[name=password]', 'nudgeflow-demo');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/w\/[0-9a-f-]{36}\/journeys$/, LONG);

    const list = `${appUrl()}/w/${workspace.id}/journeys`;
    await page.goto(list, { waitUntil: 'domcontentloaded', ...LONG });
    await page.getByRole('heading', { name: 'No journeys yet' }).waitFor(LONG);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: image('journeys-empty.png') });

    await page.getByRole('button', { name: 'Browse the gallery' }).click();
    const gallery = page.getByRole('dialog', { name: 'Journey gallery' });
    await gallery.getByRole('article').nth(7).waitFor(LONG);
    expect(await gallery.getByRole('article').count()).toBe(8);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: image('journeys-gallery.png') });
    await gallery.getByRole('button', { name: 'Use this journey: Cart abandonment' }).click();
    await gallery.waitFor({ state: 'hidden', ...LONG });
    await row(page, 'Cart abandonment').waitFor(LONG);

    for (const name of ['Welcome series', 'Back in stock', 'Holiday offer by region']) {
      await createFromGallery(page, name);
    }
    await page.getByRole('button', { name: 'Blank journey' }).click();
    await page.getByLabel('Journey name').fill('Spring sale');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await row(page, 'Spring sale').waitFor(LONG);

    // The gallery journeys came with their templates and the holiday audience, all in this workspace.
    expect(await db.template.count({ where: { workspaceId: workspace.id } })).toBe(2 + 4 + 3 + 2);
    expect(await db.segment.count({ where: { workspaceId: workspace.id } })).toBe(1);
    const journeys = await db.journey.findMany({ where: { workspaceId: workspace.id } });
    expect(journeys.map((journey) => journey.status)).toEqual(Array(5).fill('DRAFT'));

    // Cart abandonment goes live (the canvas's publish does this) and three shoppers add to their carts.
    const cart = journeys.find((journey) => journey.name === 'Cart abandonment')!;
    const published = await publishJourneyVersion(db, {
      workspaceId: workspace.id,
      journeyId: cart.id,
      publishedBy: 'e2e',
      from: ['DRAFT'],
      to: () => 'ACTIVE',
      compile: (draft, identity) => {
        const compiled = compileJourney(draft, { identity });
        return compiled.ok ? { ok: true, definition: compiled.definition } : compiled;
      },
    });
    expect(published.ok).toBe(true);
    const server = await shopServerAuthorization(db, workspace.id);
    for (const shopper of ['ann', 'ben', 'cleo']) await track(server, `${shopper}-e2e`, `cart-${shopper}`);
    await eventually(
      'three customers in cart abandonment',
      async () => (await db.journeyRun.count({ where: { journeyId: cart.id, status: 'RUNNING' } })) === 3,
      60_000,
    );
    await page.reload({ waitUntil: 'domcontentloaded' });
    const cartRow = row(page, 'Cart abandonment');
    await eventually('the cart row to show its counts', async () => {
      const cells = await cartRow.getByRole('cell').allTextContents();
      return cells[1]?.includes('Live') && cells[2] === 'v1' && cells[3] === '3' && cells[4] === '3';
    });

    await page.getByLabel('Search journeys').fill('welcome');
    await eventually('the search to leave only the welcome series', async () => {
      const names = await page.getByRole('table', { name: 'Journeys' }).getByRole('link').allTextContents();
      return names.length === 1 && names[0] === 'Welcome series';
    });
    await page.getByLabel('Search journeys').fill('');

    await page.getByRole('button', { name: 'Actions for Welcome series' }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    await row(page, 'Copy of Welcome series').waitFor(LONG);

    await page.getByRole('button', { name: 'Actions for Cart abandonment' }).click();
    await page.getByRole('menuitem', { name: 'Pause' }).click();
    await eventually('the cart journey to be paused', async () =>
      (await cartRow.getByRole('cell').nth(1).textContent())?.includes('Paused'),
    );
    await page.getByRole('button', { name: 'Actions for Cart abandonment' }).click();
    await page.getByRole('menuitem', { name: 'Resume' }).click();
    await eventually('the cart journey to be live again', async () =>
      (await cartRow.getByRole('cell').nth(1).textContent())?.includes('Live'),
    );
    expect((await db.journey.findUniqueOrThrow({ where: { id: cart.id } })).status).toBe('ACTIVE');
    await page.mouse.move(0, 0);
    // The confirmations close by themselves after a few seconds; the screenshot shows the list alone.
    await page.waitForFunction(
      () => document.querySelectorAll('.mantine-Notification-root').length === 0,
      null,
      LONG,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: image('journeys-list.png') });

    // The same list in the dark scheme, as a browser set to dark would show it.
    const dark = await browser.newContext({
      viewport: { width: 1440, height: 960 },
      colorScheme: 'dark',
      storageState: await light.storageState(),
    });
    try {
      const darkPage = await dark.newPage();
      await darkPage.goto(list, { waitUntil: 'domcontentloaded', ...LONG });
      await row(darkPage, 'Cart abandonment').waitFor(LONG);
      expect(await darkPage.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe('dark');
      expect(await seriousViolations(darkPage)).toEqual([]);
      await darkPage.screenshot({ path: image('journeys-list-dark.png') });
    } finally {
      await dark.close();
    }
  }, 300_000);

  it('opens a gallery template in the editor, previews and test-sends it, and reads it in the Mailbox', async () => {
    await page.goto(`${appUrl()}/w/${workspace.id}/templates`, { waitUntil: 'domcontentloaded', ...LONG });
    await page.getByRole('link', { name: 'Cart reminder (email)' }).click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/, LONG);
    await hydrated(page, 'textarea[name=mjml]');
    // One of the shoppers from the first test: the picker takes the first match.
    await page.fill('input[name=preview-customer-search]', 'ann-e2e');
    await page.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('select[name=preview-customer]')?.value,
      null,
      LONG,
    );
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.waitForSelector('[data-testid=preview-subject]:has-text("Still thinking about")', LONG);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: image('template-editor.png'), fullPage: true });

    await page.getByRole('button', { name: 'Send test' }).click();
    await page.waitForSelector('[data-testid=test-sent]', LONG);
    await page.click('nav[aria-label=Sections] >> text=Mailbox');
    await page.waitForURL(/\/mailbox$/, LONG);
    await page.click('[data-testid=mailbox-item]:has-text("Still thinking about")', LONG);
    await page.waitForURL(/\/mailbox\/[0-9a-f-]{36}$/, LONG);
    await page.frameLocator('iframe[title="Mail HTML"]').locator('text=Back to your cart').waitFor(LONG);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: image('mailbox.png') });

    const dark = await browser.newContext({
      viewport: { width: 1440, height: 960 },
      colorScheme: 'dark',
      storageState: await light.storageState(),
    });
    try {
      const darkPage = await dark.newPage();
      await darkPage.goto(page.url(), { waitUntil: 'domcontentloaded', ...LONG });
      await darkPage
        .frameLocator('iframe[title="Mail HTML"]')
        .locator('text=Back to your cart')
        .waitFor(LONG);
      expect(await seriousViolations(darkPage)).toEqual([]);
      await darkPage.screenshot({ path: image('mailbox-dark.png') });
    } finally {
      await dark.close();
    }
  }, 300_000);
});

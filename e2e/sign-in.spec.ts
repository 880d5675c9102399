import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, launchChromium } from './harness';

/**
 * The demo admin the dev stack seeds signs in with email and password (better-auth), lands in the demo
 * workspace's shell, moves between sections, and signs out again; a wrong password is refused on the page.
 */
describe('sign-in and the app shell', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('refuses a wrong password with a message', async () => {
    await page.goto(`${appUrl()}/login`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    await page.fill('input[name=email]', 'admin@nudgeflow.local');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    // Next.js renders its own empty role=alert route announcer; the form's message is the sign-in alert.
    const alert = await page.waitForSelector('[data-testid=sign-in-error][role=alert]', { timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/invalid/i);
  });

  it('signs the demo admin in to the demo workspace and out again', async () => {
    await page.goto(`${appUrl()}/`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    await page.waitForURL(/\/login$/, { timeout: 30_000 });
    await page.fill('input[name=email]', 'admin@nudgeflow.local');
    await page.fill('input[name=password]', 'nudgeflow-demo');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/w\/[0-9a-f-]{36}\/journeys$/, { timeout: 60_000 });
    expect(await page.textContent('h1')).toBe('Journeys');
    const workspaces = await page.getByLabel('Workspace').locator('option').allTextContents();
    expect(workspaces).toContain('Demo Shop');

    await page.click('nav[aria-label=Sections] >> text=Customers');
    await page.waitForURL(/\/customers$/, { timeout: 60_000 });
    await page.waitForSelector('table tbody tr', { timeout: 60_000 });

    await page.click('text=Sign out');
    await page.waitForURL(/\/login$/, { timeout: 30_000 });
    await page.goto(`${appUrl()}/`, { waitUntil: 'domcontentloaded' });
    await page.waitForURL(/\/login$/, { timeout: 30_000 });
  });
});

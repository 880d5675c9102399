import { env } from '@nudgeflow/config';
import { createApiKey, createDb, findCustomerByIdentity, findWorkspaceBySlug, type Db } from '@nudgeflow/db';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Shared set-up of the browser tests: Debian's Chromium through playwright-core, the web app that
 * scripts/test.mjs started (PUBLIC_URL) and its database (DATABASE_URL), and the seeded demo workspace.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function appUrl(): string {
  return env().PUBLIC_URL.replace(/\/$/, '');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export function openDb(): Db {
  const url = env().DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set: run the browser tests through `npm test -- --only=e2e`.');
  return createDb(url, { max: 3 });
}

export async function demoWorkspaceId(db: Db): Promise<string> {
  const workspace = await findWorkspaceBySlug(db, 'demo');
  if (!workspace)
    throw new Error('The demo workspace is missing: the harness seeds it before the browser tests.');
  return workspace.id;
}

/**
 * The Authorization header of the shop's own server: a secret API key as the Basic username, as Segment's
 * server libraries send their key. Server calls are trusted with the user ids they name; browser calls with
 * the public write key must prove them (identity verification, on in the demo workspace).
 */
export async function shopServerAuthorization(db: Db, workspaceId: string): Promise<string> {
  const { plainKey } = await createApiKey(db, { workspaceId, name: 'e2e shop server' });
  return `Basic ${Buffer.from(`${plainKey}:`).toString('base64')}`;
}

/** Polls until `probe` returns a value other than undefined/null/false, or fails with the last state. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Opens the demo shop and waits until the SDK script has replaced the snippet's stub. */
export async function openShop(context: BrowserContext, pathName = '/shop'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${appUrl()}${pathName}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
  await page.waitForFunction(
    () => (window as unknown as { nudgeflow?: { loaded?: boolean } }).nudgeflow?.loaded === true,
    null,
    {
      timeout: 60_000,
    },
  );
  return page;
}

export async function anonymousIdOf(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      (window as unknown as { nudgeflow: { user(): { anonymousId: string } } }).nudgeflow.user().anonymousId,
  );
}

/** The visitor's customer row, once the SDK's first batch has landed. */
export async function customerOf(db: Db, workspaceId: string, anonymousId: string): Promise<{ id: string }> {
  return eventually(`a customer for anonymousId ${anonymousId}`, () =>
    findCustomerByIdentity(db, workspaceId, { anonymousId }),
  );
}

/** Screenshots go to test-results/ (git-ignored); docs/images holds copies chosen for the README. */
export function screenshotPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

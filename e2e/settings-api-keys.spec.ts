import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '@nudgeflow/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './accessibility';
import { appUrl, demoWorkspaceId, eventually, launchChromium, openDb, screenshotPath } from './harness';
import { hydrated, LONG, signInAsDemoOwner } from './workspace-pages';

/**
 * Settings → API keys as a developer uses it: create a key (shown once), run the real `nudgeflow` CLI
 * with it against the running app, see "last used" filled in, revoke it, and see the CLI refused.
 */
const CLI = path.resolve(import.meta.dirname, '..', 'packages', 'cli', 'bin', 'nudgeflow.mjs');

async function journeysList(key: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.NUDGEFLOW_API_KEY;
  delete env.NUDGEFLOW_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [CLI, 'journeys', 'list', '--url', appUrl(), '--key', key],
      { env, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('Settings → API keys', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: Db;
  let workspaceId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    db = openDb();
    workspaceId = await demoWorkspaceId(db);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await db?.$disconnect();
  });

  it('creates a key the CLI can use, shows its last use, and revokes it so the CLI is refused', async () => {
    const keyName = `CLI ${randomBytes(3).toString('hex')}`;
    const journey = await db.journey.create({
      data: { workspaceId, name: `Listed by the CLI ${keyName}`, status: 'DRAFT', draft: {} },
    });
    await signInAsDemoOwner(page);
    await page.goto(`${appUrl()}/w/${workspaceId}/settings`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'input[name=api-key-name]');
    await page.fill('input[name=api-key-name]', keyName);
    await page.click('button:has-text("Create API key")');
    const plainKey = (await page.locator('[data-testid=new-api-key]').textContent(LONG))?.trim() ?? '';
    expect(plainKey).toMatch(/^nf_sk_[A-Za-z0-9_-]{43}$/);
    const row = page.locator(`tr[data-api-key="${keyName}"]`);
    await expect(row.locator('[data-testid=last-used]').textContent(LONG)).resolves.toBe('never');
    // Only the hash is stored: the key itself is nowhere in the database.
    const stored = await db.apiKey.findFirstOrThrow({ where: { workspaceId, name: keyName } });
    expect(JSON.stringify(stored)).not.toContain(plainKey);

    const listed = await journeysList(plainKey);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(journey.id);
    expect(listed.stdout).toContain(journey.name);

    // After a reload the key is no longer shown, and its last use is.
    await page.reload({ waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'input[name=api-key-name]');
    await page.waitForSelector(`tr[data-api-key="${keyName}"]`, LONG);
    expect(await page.locator('[data-testid=new-api-key]').count()).toBe(0);
    expect(await page.content()).not.toContain(plainKey);
    expect(await row.locator('[data-testid=last-used]').textContent()).not.toBe('never');

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('settings-api-keys.png'), fullPage: true });

    await row.locator(`button[aria-label="Revoke ${keyName}"]`).click();
    await page.click('button:has-text("Revoke key")');
    await row.locator('text=revoked').waitFor(LONG);

    const refused = await journeysList(plainKey);
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toContain(journey.id);
    expect(refused.stderr).toMatch(/revoked/i);
  }, 240_000);

  it('changes a frequency cap and quiet hours in Governance, as the sender reads them', async () => {
    await page.goto(`${appUrl()}/w/${workspaceId}/settings`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'input[name=api-key-name]');
    await page.getByRole('tab', { name: 'Governance' }).click();
    const messages = page.getByLabel('Cap 1: messages');
    await messages.waitFor(LONG);
    await messages.fill('3');
    await page.getByLabel('Quiet from (HH:MM)').fill('25:00');
    await page.getByRole('button', { name: 'Save governance' }).click();
    await page.getByText('quietHours.start:').waitFor(LONG);
    await page.getByLabel('Quiet from (HH:MM)').fill('22:30');
    await page.getByRole('button', { name: 'Save governance' }).click();
    const saved = await eventually('the saved governance', async () => {
      const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
      const governance = (workspace.settings as { governance?: { quietHours?: { start: string } } })
        .governance;
      return governance?.quietHours?.start === '22:30' ? governance : null;
    });
    expect(saved).toMatchObject({
      frequencyCaps: [
        { channel: 'push', max: 3, windowHours: 24 },
        { channel: 'all', max: 5, windowHours: 168 },
      ],
    });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('settings-governance.png'), fullPage: true });
  }, 240_000);
});

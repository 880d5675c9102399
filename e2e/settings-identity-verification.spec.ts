import type { Db } from '@nudgeflow/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './accessibility';
import { appUrl, demoWorkspaceId, eventually, launchChromium, openDb, screenshotPath } from './harness';
import { hydrated, LONG, signInAsDemoOwner } from './workspace-pages';

/**
 * Settings → Identity verification as an owner uses it: the switch turns verification off and on (stored on
 * the workspace), the secret is never in the page until a rotation shows the new one once, and the panel
 * passes axe.
 */
describe('Settings → Identity verification', () => {
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
    await db?.workspace.update({ where: { id: workspaceId }, data: { identityVerificationRequired: true } });
    await context?.close();
    await browser?.close();
    await db?.$disconnect();
  });

  const stored = () =>
    db.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { identityVerificationRequired: true, identitySecret: true },
    });

  it('switches verification off and on, and shows a rotated secret once', async () => {
    const before = await stored();
    expect(before.identityVerificationRequired).toBe(true);
    await signInAsDemoOwner(page);
    await page.goto(`${appUrl()}/w/${workspaceId}/settings`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'input[name=api-key-name]');
    await page.getByRole('tab', { name: 'Identity verification' }).click();
    const toggle = page.getByRole('switch', { name: 'Require identity verification for browser calls' });
    await toggle.waitFor(LONG);
    expect(await toggle.isChecked()).toBe(true);
    expect(await page.content()).not.toContain(before.identitySecret);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('settings-identity-verification.png'), fullPage: true });

    await toggle.click({ force: true });
    await eventually('verification off in the database', async () =>
      (await stored()).identityVerificationRequired === false ? true : null,
    );
    // The switch is disabled while its save is in flight: wait until the page shows the stored state.
    await eventually('the switch to show off and be usable again', async () =>
      !(await toggle.isChecked()) && (await toggle.isEnabled()) ? true : null,
    );
    await toggle.click({ force: true });
    await eventually('verification on again', async () =>
      (await stored()).identityVerificationRequired === true ? true : null,
    );

    await page.getByRole('button', { name: 'Make a new identity secret' }).click();
    await page.getByRole('button', { name: 'Make a new secret' }).click();
    const shown = (await page.locator('[data-testid=new-identity-secret]').textContent(LONG))?.trim() ?? '';
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    expect(shown).not.toBe(before.identitySecret);
    expect((await stored()).identitySecret).toBe(shown);
    // The confirmation modal fades out; axe reads half-transparent text as low contrast until it is gone.
    await page
      .getByRole('dialog', { name: 'Make a new identity secret?' })
      .waitFor({ state: 'detached', ...LONG });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('settings-identity-secret-rotated.png'), fullPage: true });

    await page.reload({ waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'input[name=api-key-name]');
    expect(await page.content()).not.toContain(shown);
  });
});

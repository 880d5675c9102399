import { randomBytes } from 'node:crypto';
import { startSmtpReceiver, type SmtpReceiver } from '@nudgeflow/channels/testing/smtp-receiver';
import { createWorkspace, DEMO_ADMIN_EMAIL, type Db } from '@nudgeflow/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './accessibility';
import { appUrl, eventually, launchChromium, openDb, screenshotPath } from './harness';
import { hydrated, LONG, signInAsDemoOwner } from './workspace-pages';

/**
 * Settings → Channels as a developer uses it: point the workspace's email at an SMTP server (a real one,
 * started here), send a test and see it arrive, with the password never coming back to the page; then
 * rotate the write key and see the old one listed with its expiry. A workspace of its own, so the demo
 * workspace's write key and mail stay as the other specs expect them.
 */
describe('Settings → Channels', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: Db;
  let smtp: SmtpReceiver;
  let workspaceId: string;
  const password = `smtp-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    db = openDb();
    smtp = await startSmtpReceiver();
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL } });
    const suffix = randomBytes(4).toString('hex');
    workspaceId = (
      await createWorkspace(db, {
        name: `Channels ${suffix}`,
        slug: `channels-${suffix}`,
        ownerUserId: owner.id,
      })
    ).id;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await smtp?.close();
    if (workspaceId) await db.workspace.deleteMany({ where: { id: workspaceId } });
    await db?.$disconnect();
  });

  it('sends a test email through the workspace SMTP server and rotates the write key', async () => {
    await signInAsDemoOwner(page);
    await page.goto(`${appUrl()}/w/${workspaceId}/settings`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'input[name=api-key-name]');
    await page.getByRole('tab', { name: 'Channels' }).click();
    const host = page.getByLabel(/^SMTP server/);
    await host.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: screenshotPath('settings-channels-failed.png'), fullPage: true });
      console.error(await page.locator('main').innerText());
      throw error;
    });
    await host.fill('127.0.0.1');
    await page.getByLabel(/^Port/).fill(new URL(smtp.url).port);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByLabel('Default From address').fill('shop@channels.test');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText(/^Set \(ends in .{4}\)\. Leave empty to keep it\./).waitFor(LONG);
    // Write-only: the input is empty again and the page holds no trace of the password.
    expect(await page.getByLabel(/^Password/).inputValue()).toBe('');
    expect(await page.content()).not.toContain(password);

    await page.getByLabel('Send a test email to').fill('marketer@channels.test');
    await page.getByRole('form', { name: 'Email test' }).getByRole('button', { name: 'Send a test' }).click();
    const result = page.locator('[data-testid=email-test-result]');
    await result.waitFor(LONG);
    expect(await result.textContent()).toContain('Sent to marketer@channels.test.');
    await smtp.waitFor(1);
    expect(smtp.mails[0]!.envelopeTo).toEqual(['marketer@channels.test']);

    const before = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    await page.getByRole('button', { name: 'Rotate write key' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate write key' }).click();
    const previous = page.locator('[data-testid=previous-write-key]');
    await previous.waitFor(LONG);
    expect(await previous.textContent()).toContain(before.writeKey);
    const after = await eventually('the rotated key', async () => {
      const row = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
      return row.writeKey !== before.writeKey ? row : null;
    });
    expect(after.previousWriteKey).toBe(before.writeKey);
    expect(await page.content()).toContain(after.writeKey);

    await page.screenshot({ path: screenshotPath('settings-channels.png'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }, 240_000);
});

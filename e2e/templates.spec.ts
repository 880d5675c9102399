import type { Db } from '@nudgeflow/db';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, demoWorkspaceId, launchChromium, openDb, screenshotPath } from './harness';

/**
 * A marketer writes an email template in the editor, previews it against a real demo shopper (the strict
 * preview first points at the unknown variable and its line, then renders with a sample promo code),
 * sends themself a test, and reads that mail in the Mailbox: the web app runs without SMTP_URL, so its
 * test sends go to the SMTP catcher and land in CaughtEmail.
 */
const SHOPPER = 'freya.andersen1@example.com';
const LONG = { timeout: 90_000 };

const MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text font-size="20px">Hello {{ customer.first_name }}</mj-text>
<mj-text>Your code: <strong>{{ promo_code }}</strong></mj-text>
<mj-button href="https://shop.example/cart">Back to your cart</mj-button>
</mj-column></mj-section></mj-body></mjml>`;

/** Waits until React has hydrated `selector`: typing into server-rendered inputs before that is lost. */
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

describe('template editor and caught mail', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: Db;
  let workspaceId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
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

  it('creates, previews and test-sends an email template, then reads it in the Mailbox', async () => {
    const subject = `A code for you ${randomBytes(3).toString('hex')}`;
    await page.goto(`${appUrl()}/login`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'form');
    await page.fill('input[name=email]', 'admin@nudgeflow.local');
    await page.fill('input[name=password]', 'nudgeflow-demo');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/w\/[0-9a-f-]{36}\/journeys$/, LONG);

    await page.goto(`${appUrl()}/w/${workspaceId}/templates`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'select[name=new-template-channel]');
    await page.getByLabel('New template channel').selectOption('email');
    await page.click('button:has-text("New template")');
    await page.waitForURL(/\/templates\/new\?channel=email$/, LONG);
    await hydrated(page, 'textarea[name=mjml]');
    await page.fill('input[name=name]', `E2E ${subject}`);
    await page.fill('input[name=subject]', `{{ customer.first_name }}, ${subject}`);
    await page.fill('textarea[name=mjml]', MJML);
    await page.click('button:has-text("Create template")');
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/, LONG);

    // Preview against a real shopper: without a promo code the strict preview names the variable and line.
    await page.fill('input[name=preview-customer-search]', SHOPPER);
    await page.waitForFunction(
      (email) => {
        const select = document.querySelector<HTMLSelectElement>('select[name=preview-customer]');
        return select?.selectedOptions[0]?.textContent?.includes(email) ?? false;
      },
      SHOPPER,
      LONG,
    );
    await page.fill('textarea[name=preview-context]', '{}');
    await page.click('button:has-text("Preview")');
    const problems = await page.waitForSelector('[data-testid=preview-errors]', LONG);
    expect(await problems.textContent()).toMatch(/variants\.en\.mjml.*line 3.*promo_code/);

    await page.fill('textarea[name=preview-context]', '{ "promo_code": "E2E10" }');
    await page.click('button:has-text("Preview")');
    await page.waitForSelector(`[data-testid=preview-subject]:has-text("Freya, ${subject}")`, LONG);
    const previewFrame = await page.waitForSelector('iframe[title="Email preview"]', LONG);
    // An empty sandbox: the mail's HTML runs no script and gets no same-origin access.
    expect(await previewFrame.getAttribute('sandbox')).toBe('');
    expect(await page.frameLocator('iframe[title="Email preview"]').locator('text=E2E10').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('template-editor.png'), fullPage: true });

    await page.click('button:has-text("Send test")');
    const sent = await page.waitForSelector('[data-testid=test-sent]', LONG);
    expect(await sent.textContent()).toContain('Sent to admin@nudgeflow.local');

    // The Mailbox is in the shell (no SMTP_URL) and lists the caught mail, newest first.
    await page.click('nav[aria-label=Sections] >> text=Mailbox');
    await page.waitForURL(/\/mailbox$/, LONG);
    await page.click(`[data-testid=mailbox-item]:has-text("${subject}")`, LONG);
    await page.waitForURL(/\/mailbox\/[0-9a-f-]{36}$/, LONG);
    const mailFrame = await page.waitForSelector('iframe[title="Mail HTML"]', LONG);
    expect(await mailFrame.getAttribute('sandbox')).toBe('');
    await page.frameLocator('iframe[title="Mail HTML"]').locator('text=E2E10').waitFor(LONG);
    expect(await page.textContent('[data-testid=mail-meta]')).toContain('admin@nudgeflow.local');
    await page.screenshot({ path: screenshotPath('mailbox.png'), fullPage: true });

    await page.click('[role=tab]:has-text("Text")');
    expect(await (await page.waitForSelector('[data-testid=mail-text]', LONG)).textContent()).toContain(
      'Your code: E2E10',
    );
    await page.click('[role=tab]:has-text("Headers")');
    const headers = await (await page.waitForSelector('[data-testid=mail-headers]', LONG)).textContent();
    expect(headers).toContain('List-Unsubscribe');
    expect(headers).toContain('List-Unsubscribe=One-Click');
  }, 300_000);
});

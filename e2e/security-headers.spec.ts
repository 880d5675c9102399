import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, launchChromium } from './harness';

/**
 * The app's security headers in the production build: a CSP that the app's own pages live within (no
 * violation reported while a marketer signs in and moves around, nor in the demo shop), and framing by
 * another site refused.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame|create)/i.test(text))
      violations.push(`${page.url()}: ${text}`);
  });
  return violations;
}

describe('security headers', () => {
  it('sends CSP, frame, sniffing, referrer and permissions headers', async () => {
    const response = await fetch(`${appUrl()}/login`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
  });

  it('the app and the demo shop work within the CSP', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = collectCspViolations(page);
    await page.goto(`${appUrl()}/login`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    await page.fill('input[name=email]', 'admin@nudgeflow.local');
    await page.fill('input[name=password]', 'nudgeflow-demo');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/w\/[0-9a-f-]{36}\/journeys$/, { timeout: 60_000 });
    const base = page.url().replace(/\/journeys$/, '');
    for (const section of ['templates', 'customers', 'mailbox']) {
      await page.goto(`${base}/${section}`, { waitUntil: 'load', timeout: 60_000 });
    }
    await page.goto(`${appUrl()}/shop`, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(
      () => (window as unknown as { nudgeflow?: { loaded?: boolean } }).nudgeflow?.loaded === true,
      null,
      { timeout: 60_000 },
    );
    expect(violations).toEqual([]);
    await context.close();
  });

  it('refuses to be framed by another site', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(`<iframe title="app" src="${appUrl()}/login" width="600" height="400"></iframe>`);
    await page.waitForTimeout(2_000);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    // A refused frame is replaced by Chromium's error page: the login form never renders inside it.
    const rendered = await frame
      ?.evaluate(() => document.querySelector('input[name=password]') !== null)
      .catch(() => false);
    expect(rendered ?? false).toBe(false);
    await context.close();
  });
});

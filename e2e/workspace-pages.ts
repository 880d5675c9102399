import type { Page } from 'playwright-core';
import { appUrl } from './harness';

export const LONG = { timeout: 90_000 };

/** Waits until React has hydrated `selector`: typing into server-rendered inputs before that is lost. */
export async function hydrated(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (target) => {
      const element = document.querySelector(target);
      return element !== null && Object.keys(element).some((key) => key.startsWith('__reactFiber'));
    },
    selector,
    LONG,
  );
}

/** Signs in as the seeded demo owner and lands on the workspace. */
export async function signInAsDemoOwner(page: Page): Promise<void> {
  await page.goto(`${appUrl()}/login`, { waitUntil: 'domcontentloaded', ...LONG });
  await hydrated(page, 'form');
  await page.fill('input[name=email]', 'admin@nudgeflow.local');
  await page.fill('input[name=password]', 'nudgeflow-demo');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/w\/[0-9a-f-]{36}\/journeys$/, LONG);
}

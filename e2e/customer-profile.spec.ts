import { addMember, type Db } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './accessibility';
import {
  appUrl,
  demoWorkspaceId,
  eventually,
  launchChromium,
  openDb,
  screenshotPath,
  shopServerAuthorization,
} from './harness';
import { hydrated, LONG, signInAsDemoOwner } from './workspace-pages';

/**
 * A marketer looks a customer up: filters the customers list down to one shopper, opens the profile, sees
 * the timeline and an email with its receipts, and exports the data. Then a fresh workspace's home: the
 * first-run checklist ticks "send a first event" after one arrives through /v1. Every page passes axe; the
 * profile and the checklist are photographed for the README.
 */
const IMAGES = path.resolve(import.meta.dirname, '..', 'docs', 'images');

function keep(file: string, name: string): void {
  mkdirSync(IMAGES, { recursive: true });
  copyFileSync(file, path.join(IMAGES, name));
}

/** The public write key as a browser sends it (Basic username). */
function writeKeyAuthorization(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}

async function sendThroughV1(
  authorization: string,
  route: string,
  body: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${appUrl()}/v1/${route}`, {
    method: 'POST',
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function expectNoViolations(page: Page, where: string): Promise<void> {
  expect(await seriousAccessibilityViolations(page), where).toEqual([]);
}

describe('customer profile and first-run checklist', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: Db;
  let workspaceId: string;
  let freshWorkspaceId: string | null = null;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    db = openDb();
    workspaceId = await demoWorkspaceId(db);
    await signInAsDemoOwner(page);
  });
  afterAll(async () => {
    if (freshWorkspaceId)
      await db.workspace.delete({ where: { id: freshWorkspaceId } }).catch(() => undefined);
    await context?.close();
    await browser?.close();
    await db?.$disconnect();
  });

  it('filters the list, opens a profile with its timeline and a message with receipts, and exports it', async () => {
    const userId = `shopper-${randomBytes(3).toString('hex')}`;
    // The shop's server names the shopper (trusted with an API key; the write key would need a proof).
    const server = await shopServerAuthorization(db, workspaceId);
    await sendThroughV1(server, 'identify', {
      userId,
      traits: { email: `${userId}@shop.test`, emailOptIn: true, firstName: 'Ida' },
      context: { location: { country: 'IS' } },
    });
    for (const event of ['Product Viewed', 'Product Added', 'Checkout Started']) {
      await sendThroughV1(server, 'track', {
        userId,
        event,
        properties: { product_id: 'trail-runner', price: 119 },
      });
    }
    const customer = await eventually('the shopper’s profile', () =>
      db.customer.findFirst({ where: { workspaceId, userId } }),
    );
    const template = await db.template.findFirst({ where: { workspaceId, channel: 'EMAIL' } });
    await db.messageSend.create({
      data: {
        workspaceId,
        idempotencyKey: `e2e-${randomUUID()}`,
        customerId: customer.id,
        channel: 'email',
        templateId: template?.id ?? null,
        status: 'DELIVERED',
        sentAt: new Date(),
        receipts: { create: [{ type: 'delivered' }, { type: 'opened' }, { type: 'clicked' }] },
      },
    });
    const journey = await db.journey.findFirst({
      where: { workspaceId, activeVersionId: { not: null } },
      select: { id: true, name: true, activeVersionId: true },
    });
    if (journey) {
      await db.journeyRun.create({
        data: {
          id: `e2e-run-${randomUUID()}`,
          workspaceId,
          journeyId: journey.id,
          versionId: journey.activeVersionId!,
          customerId: customer.id,
          status: 'COMPLETED',
          currentNodeId: 'exit',
          endedAt: new Date(),
        },
      });
    }

    await page.goto(`${appUrl()}/w/${workspaceId}/customers`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'input[name=customer-search]');
    await page.locator('tbody tr[data-customer]').first().waitFor(LONG);
    await expectNoViolations(page, 'customers list');

    await page.getByRole('combobox', { name: 'Country' }).click();
    await page.getByRole('option', { name: 'IS', exact: true }).click();
    await page.fill('input[name=customer-search]', userId.slice(0, -1));
    const row = page.locator(`tbody tr[data-customer="${userId}"]`);
    await row.waitFor(LONG);
    await eventually('only the Icelandic shopper listed', async () => {
      return (await page.locator('tbody tr[data-customer]').count()) === 1;
    });
    await page.screenshot({ path: screenshotPath('customers-filtered.png') });

    await row.getByRole('link', { name: userId }).click();
    await page.waitForURL(`**/customers/${customer.id}`, LONG);
    await page.getByRole('heading', { name: userId, level: 1 }).waitFor(LONG);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.locator('li[data-event="Checkout Started"]').waitFor(LONG);
    expect(await timeline.locator('li[data-event]').count()).toBe(4);

    const messages = page.getByRole('region', { name: 'Messages' });
    const receipts = messages.locator('[data-receipt]');
    await receipts.first().waitFor(LONG);
    expect(
      await receipts.evaluateAll((items) => items.map((item) => item.getAttribute('data-receipt'))),
    ).toEqual(['delivered', 'opened', 'clicked']);
    const reachability = page.getByRole('region', { name: 'Reachability' });
    await expect(reachability.locator('[data-channel=email]').textContent()).resolves.toContain('reachable');
    await expect(reachability.locator('[data-channel=sms]').textContent()).resolves.toContain(
      'no phone number',
    );
    await expect(page.locator('[data-attribute=lifecycleStage]').textContent()).resolves.toContain('derived');
    await expectNoViolations(page, 'customer profile');
    const profileShot = screenshotPath('customer-profile.png');
    await page.screenshot({ path: profileShot, fullPage: true });
    keep(profileShot, 'customer-profile.png');

    // The timeline filtered to one event name.
    await timeline.getByRole('combobox', { name: 'Event name' }).click();
    await page.getByRole('option', { name: 'Product Added', exact: true }).click();
    await eventually('the timeline filtered to Product Added', async () => {
      const names = await timeline
        .locator('li[data-event]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-event')));
      return names.length === 1 && names[0] === 'Product Added';
    });

    const [download] = await Promise.all([
      page.waitForEvent('download', LONG),
      page.getByRole('button', { name: 'Export data' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`customer-${customer.id}.json`);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      customer: { userId: string; events: { name: string }[]; messages: { receipts: unknown[] }[] };
    };
    expect(exported.customer.userId).toBe(userId);
    expect(exported.customer.events.map((event) => event.name)).toContain('Checkout Started');
    expect(exported.customer.messages[0]?.receipts).toHaveLength(3);

    // The erase dialog: its button stays disabled until the phrase is typed.
    await page.getByRole('button', { name: 'Erase customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this customer?' });
    await dialog.waitFor(LONG);
    // axe reads colours as painted: wait until the modal's fade-in has finished.
    await page.waitForFunction(
      () => {
        const content = document.querySelector('.mantine-Modal-content');
        return content !== null && getComputedStyle(content).opacity === '1';
      },
      null,
      LONG,
    );
    await expectNoViolations(page, 'erase dialog');
    const confirm = dialog.getByRole('button', { name: 'Erase customer' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox').fill(userId);
    expect(await confirm.isDisabled()).toBe(false);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await db.customer.count({ where: { id: customer.id } })).toBe(1);
  });

  it('ticks "send a first event" on a fresh workspace’s home once one arrives through /v1', async () => {
    const owner = await db.user.findFirstOrThrow({ where: { email: 'admin@nudgeflow.local' } });
    const fresh = await createTestWorkspace(db, { name: `Fresh shop ${randomBytes(2).toString('hex')}` });
    freshWorkspaceId = fresh.id;
    await addMember(db, fresh.id, owner.id, 'OWNER');

    await page.goto(`${appUrl()}/w/${fresh.id}/customers`, { waitUntil: 'domcontentloaded', ...LONG });
    await page.getByRole('heading', { name: 'No customers yet' }).waitFor(LONG);
    await expectNoViolations(page, 'empty customers list');
    await page.screenshot({ path: screenshotPath('customers-empty.png') });

    await page.goto(`${appUrl()}/w/${fresh.id}`, { waitUntil: 'domcontentloaded', ...LONG });
    const checklist = page.getByRole('region', { name: 'Get started' });
    await checklist.waitFor(LONG);
    const step = (name: string) => checklist.locator(`li[data-step=${name}]`);
    await step('sendFirstEvent').waitFor(LONG);
    for (const name of ['installSnippet', 'sendFirstEvent', 'createSegment', 'publishJourney']) {
      expect(await step(name).getAttribute('data-done'), name).toBe('false');
    }
    await expect(checklist.getByTestId('sdk-snippet').textContent()).resolves.toContain(fresh.writeKey);
    await expectNoViolations(page, 'first-run checklist');
    const firstRun = screenshotPath('first-run.png');
    await page.screenshot({ path: firstRun, fullPage: true });
    keep(firstRun, 'first-run.png');

    // The snippet's first call from a browser: an anonymous visitor, with the public write key.
    await sendThroughV1(writeKeyAuthorization(fresh.writeKey), 'track', {
      anonymousId: 'first-visitor',
      event: 'Hello Nudgeflow',
    });
    await page.locator('li[data-step=sendFirstEvent][data-done=true]').waitFor(LONG);
    expect(await step('installSnippet').getAttribute('data-done')).toBe('true');
    expect(await step('createSegment').getAttribute('data-done')).toBe('false');
    await page.screenshot({ path: screenshotPath('first-run-ticked.png'), fullPage: true });

    await checklist.getByRole('button', { name: 'Dismiss checklist' }).click();
    await checklist.waitFor({ state: 'detached', ...LONG });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByText('The setup checklist is dismissed').waitFor(LONG);
    expect(await page.getByRole('region', { name: 'Get started' }).count()).toBe(0);
  });
});

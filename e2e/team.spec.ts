import { randomBytes } from 'node:crypto';
import type { Db } from '@nudgeflow/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './accessibility';
import { appUrl, demoWorkspaceId, eventually, launchChromium, openDb, screenshotPath } from './harness';
import { hydrated, LONG, signInAsDemoOwner } from './workspace-pages';

/**
 * Settings → Team as an owner and a new colleague live it: the owner invites a marketer, the invitation
 * mail lands in the Mailbox, the colleague opens its link in a browser of their own, sets a password and
 * lands in the workspace, where API keys are not theirs to manage and another workspace is out of reach;
 * the owner removes them, and their next request finds them signed out.
 */
const PASSWORD = 'a colleague password';

async function openTeamTab(page: Page, workspaceId: string): Promise<void> {
  await page.goto(`${appUrl()}/w/${workspaceId}/settings`, { waitUntil: 'domcontentloaded', ...LONG });
  await hydrated(page, '[role=tab]');
  await page.getByRole('tab', { name: 'Team' }).click();
  await page.getByRole('table', { name: 'Members' }).locator('tbody tr').first().waitFor(LONG);
}

describe('Settings → Team', () => {
  let browser: Browser;
  let ownerContext: BrowserContext;
  let colleagueContext: BrowserContext;
  let owner: Page;
  let db: Db;
  let workspaceId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    ownerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    owner = await ownerContext.newPage();
    owner.on('pageerror', (error) => console.error(`[owner page error] ${error.message}`));
    db = openDb();
    workspaceId = await demoWorkspaceId(db);
  });
  afterAll(async () => {
    await colleagueContext?.close();
    await ownerContext?.close();
    await browser?.close();
    await db?.$disconnect();
  });

  it('invites a marketer who accepts, cannot manage API keys, and is signed out on removal', async () => {
    const tag = randomBytes(3).toString('hex');
    const email = `colleague-${tag}@shop.test`;
    const name = `Casey ${tag}`;

    await signInAsDemoOwner(owner);
    await openTeamTab(owner, workspaceId);
    await owner.getByLabel('Email').fill(email);
    await owner.getByLabel('Role', { exact: true }).selectOption('MARKETER');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    const invitations = owner.getByRole('table', { name: 'Pending invitations' });
    await invitations.locator(`tr:has-text("${email}")`).waitFor(LONG);
    expect(await invitations.locator(`tr:has-text("${email}")`).textContent()).toContain('Marketer');
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await owner.screenshot({ path: screenshotPath('settings-team.png'), fullPage: true });

    // The invitation mail, as the Mailbox shows it, carries the accept link.
    await owner.goto(`${appUrl()}/w/${workspaceId}/mailbox`, { waitUntil: 'domcontentloaded', ...LONG });
    await owner
      .locator(`[data-testid=mailbox-item]:has-text("invited you to Demo Shop")`)
      .first()
      .waitFor(LONG);
    const mail = await eventually('the invitation mail', () =>
      db.caughtEmail.findFirst({
        where: { workspaceId, to: { has: email } },
        orderBy: { receivedAt: 'desc' },
      }),
    );
    const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')?.[0];
    expect(link, 'the mail has an accept link').toBeDefined();

    // The colleague, in a browser of their own, sets a password and lands in the workspace.
    colleagueContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const colleague = await colleagueContext.newPage();
    colleague.on('pageerror', (error) => console.error(`[colleague page error] ${error.message}`));
    await colleague.goto(new URL(new URL(link!).pathname, appUrl()).toString(), {
      waitUntil: 'domcontentloaded',
      ...LONG,
    });
    await hydrated(colleague, 'form[aria-label="Accept the invitation"]');
    expect(await colleague.textContent('h1')).toBe('Join Demo Shop');
    expect(await seriousAccessibilityViolations(colleague)).toEqual([]);
    await colleague.screenshot({ path: screenshotPath('invite-accept.png'), fullPage: true });
    await colleague.getByLabel('Your name').fill(name);
    await colleague.getByLabel('Choose a password').fill(PASSWORD);
    await colleague.getByRole('button', { name: 'Create account and join' }).click();
    await colleague.waitForURL(new RegExp(`/w/${workspaceId}/journeys$`), LONG);

    // A marketer: the API keys tab offers no write action, and the server would refuse one anyway.
    await colleague.goto(`${appUrl()}/w/${workspaceId}/settings`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(colleague, '[role=tab]');
    await colleague.getByText('Your role (Marketer) does not manage API keys.').waitFor(LONG);
    expect(await colleague.getByRole('button', { name: 'Create API key' }).count()).toBe(0);
    await colleague.getByRole('tab', { name: 'Team' }).click();
    await colleague.getByRole('table', { name: 'Members' }).locator(`tr:has-text("${email}")`).waitFor(LONG);
    expect(await colleague.getByRole('button', { name: 'Send invitation' }).count()).toBe(0);

    // The owner creates a second workspace: it is theirs and in their switcher, and not the colleague's.
    await owner.goto(`${appUrl()}/w/${workspaceId}/journeys`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(owner, 'nav[aria-label=Sections]');
    await owner.getByRole('button', { name: 'Create workspace' }).click();
    await owner.getByLabel('Workspace name').fill(`Second shop ${tag}`);
    await owner.getByRole('dialog').getByRole('button', { name: 'Create workspace' }).click();
    await owner.waitForURL(
      (url) => /\/w\/[0-9a-f-]{36}\/journeys$/.test(url.pathname) && !url.pathname.includes(workspaceId),
      LONG,
    );
    const secondId = /\/w\/([0-9a-f-]{36})\//.exec(owner.url())![1]!;
    const options = await owner.getByLabel('Workspace').locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Demo Shop', `Second shop ${tag}`]));
    const refused = await colleague.goto(`${appUrl()}/w/${secondId}/journeys`, {
      waitUntil: 'domcontentloaded',
      ...LONG,
    });
    expect(refused?.status()).toBe(404);

    // The owner removes the colleague; the colleague's next request is signed out.
    await openTeamTab(owner, workspaceId);
    await owner.getByRole('button', { name: `Remove ${name}` }).click();
    await owner.getByRole('button', { name: 'Remove member' }).click();
    await owner
      .getByRole('table', { name: 'Members' })
      .locator(`tr:has-text("${email}")`)
      .waitFor({ state: 'detached', ...LONG });
    expect(await db.session.count({ where: { user: { email } } })).toBe(0);
    await colleague.goto(`${appUrl()}/w/${workspaceId}/journeys`, { waitUntil: 'domcontentloaded', ...LONG });
    await colleague.waitForURL(/\/login$/, LONG);
  }, 300_000);
});

import { createApiKey, type Db } from '@nudgeflow/db';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './accessibility';
import { appUrl, demoWorkspaceId, eventually, launchChromium, openDb, screenshotPath } from './harness';
import { hydrated, LONG, signInAsDemoOwner } from './workspace-pages';

/**
 * A marketer builds "viewed shoes at least twice in the last 7 days and ordered nothing" in the segment
 * builder. Its live count must equal a count written by hand in SQL over the seeded demo events, at each
 * step; then the saved segment starts a journey published through the journeys API.
 */

const VIEWED_SHOES_TWICE = `
  (SELECT count(*) FROM "Event" e
    WHERE e."customerId" = c."id" AND e."name" = 'Product Viewed'
      AND e."properties"->>'category' = 'shoes' AND e."timestamp" >= now() - interval '7 days') >= 2`;
const ORDERED_NOTHING = `
  NOT EXISTS (SELECT 1 FROM "Event" e WHERE e."customerId" = c."id" AND e."name" = 'Order Completed')`;

async function countBySql(db: Db, workspaceId: string, predicates: string[]): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM "Customer" c WHERE c."workspaceId" = $1::uuid AND ${predicates.join(' AND ')}`,
    workspaceId,
  );
  return rows[0]!.count;
}

/** Picks `option` in the Mantine Select labelled `label` inside `scope`. */
async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function liveCount(page: Page): Promise<number> {
  const text = await page.locator('[data-testid=live-count]').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

describe('segment builder', () => {
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

  it('builds a segment whose live count matches SQL, saves it, and triggers a journey with it', async () => {
    const name = `Shoe browsers who never ordered ${randomBytes(3).toString('hex')}`;
    await signInAsDemoOwner(page);
    await page.goto(`${appUrl()}/w/${workspaceId}/segments`, { waitUntil: 'domcontentloaded', ...LONG });
    await hydrated(page, 'button[aria-label="Add condition to Group 1"]');
    await page.getByLabel('Segment name').fill(name);

    // Viewed shoes at least twice in the last 7 days.
    await page.click('button[aria-label="Add condition to Group 1"]');
    await page.getByRole('menuitem', { name: 'Did an event', exact: true }).click();
    const viewed = page.getByRole('group', { name: 'Condition 1.1' });
    await viewed.getByLabel('Event', { exact: true }).fill('Product Viewed');
    await viewed.getByLabel('Count', { exact: true }).fill('2');
    await choose(page, viewed, 'Since', 'in the last');
    expect(await viewed.getByLabel('Since: amount').inputValue()).toBe('7');
    await viewed.getByRole('button', { name: 'Add property filter' }).click();
    await viewed.getByLabel('Where 1: path').fill('category');
    await viewed.getByLabel('Where 1: value').fill('shoes');

    const viewedOnly = await countBySql(db, workspaceId, [VIEWED_SHOES_TWICE]);
    await eventually(
      `the live count to show ${viewedOnly}`,
      async () => (await liveCount(page)) === viewedOnly,
    );

    // … and ordered nothing, ever.
    await page.click('button[aria-label="Add condition to Group 1"]');
    await page.getByRole('menuitem', { name: 'Did not do an event', exact: true }).click();
    const ordered = page.getByRole('group', { name: 'Condition 1.2' });
    await ordered.getByLabel('Event', { exact: true }).fill('Order Completed');

    const expected = await countBySql(db, workspaceId, [VIEWED_SHOES_TWICE, ORDERED_NOTHING]);
    // The seeded month of events has such shoppers, and fewer than those who merely viewed shoes twice.
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(viewedOnly);
    await eventually(`the live count to show ${expected}`, async () => (await liveCount(page)) === expected);
    expect(await page.getByRole('table', { name: 'Sample of members' }).locator('tbody tr').count()).toBe(
      Math.min(10, expected),
    );

    await page.getByRole('button', { name: 'Save segment' }).click();
    const saved = await eventually('the saved segment', () =>
      db.segment.findFirst({ where: { workspaceId, name, archivedAt: null } }),
    );
    expect(saved.definition).toMatchObject({
      condition: {
        kind: 'and',
        conditions: [
          {
            kind: 'performed',
            event: 'Product Viewed',
            where: [{ path: 'category', op: 'eq', value: 'shoes' }],
            count: { op: 'gte', value: 2 },
            since: { kind: 'ago', amount: 7, unit: 'days' },
          },
          { kind: 'not_performed', event: 'Order Completed', where: [] },
        ],
      },
    });
    // Saving computed the memberships: as many members as the live count showed.
    const members = await eventually('memberships', async () => {
      const count = await db.segmentMembership.count({ where: { segmentId: saved.id, inSegment: true } });
      return count === expected ? count : null;
    });
    expect(members).toBe(expected);
    await page.locator('.recharts-surface').first().waitFor(LONG);

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('segment-builder.png'), fullPage: true });

    // The saved segment as a journey trigger, through the journeys API with an API key.
    const { plainKey } = await createApiKey(db, { workspaceId, name: `segment e2e ${name}` });
    const publishJourney = (segmentId: string) =>
      fetch(`${appUrl()}/api/v1/journeys?publish=true`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${plainKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          format: 'nudgeflow.journey/v1',
          name: `Welcome ${name}`,
          nodes: [
            { id: 'joined', type: 'trigger.segment', config: { segmentId, on: 'entered' } },
            { id: 'done', type: 'exit', config: { reason: 'Joined the segment' } },
          ],
          edges: [{ source: 'joined', target: 'done' }],
        }),
      });
    const unknown = await publishJourney(randomUUID());
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('does not exist');

    const published = await publishJourney(saved.id);
    const body = (await published.json()) as {
      journey: { id: string; status: string; activeVersion: number | null };
      publishedVersion: number | null;
    };
    expect(published.status).toBe(201);
    expect(body.publishedVersion).toBe(1);
    expect(body.journey.status).toBe('ACTIVE');
    const version = await db.journeyVersion.findFirstOrThrow({ where: { journeyId: body.journey.id } });
    expect(JSON.stringify(version.definition)).toContain(saved.id);
  }, 240_000);
});

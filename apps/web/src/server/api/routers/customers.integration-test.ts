import {
  closeSharedDb,
  createTestWorkspace,
  getDb,
  ingestMessages,
  parseIngestBodyForTests,
  uniqueTestId,
} from '~/server/testing/router-fixtures';
import { recordIdentityRefusals } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAuthoringDeps } from '../../templates/authoring';
import { createCaller } from '../root';
import { createContextInner } from '../trpc';

/**
 * The customers list, the profile page's procedures and the privacy actions, through createCaller on real
 * Postgres. Every filter is checked against an independent Prisma query over the same rows.
 */

afterAll(async () => {
  await closeAuthoringDeps();
  await closeSharedDb();
});

async function createUser() {
  const id = uniqueTestId('user');
  return getDb().user.create({
    data: { id, name: 'Tester', email: `${id}@nudgeflow.test`, emailVerified: true },
  });
}

type Caller = ReturnType<typeof createCaller>;

function callerFor(user: { id: string; email: string; name: string }): Caller {
  return createCaller(createContextInner({ session: { user } }));
}

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** Twelve shoppers whose countries, consents, orders and segments differ, plus a foreign workspace's. */
async function seedShoppers(workspaceId: string) {
  const db = getDb();
  const shoppers = [
    { userId: 'de-email', country: 'DE', email: 'Ann@Shop.test', emailOptIn: true, orders: 0 },
    { userId: 'de-sms', country: 'DE', phone: '+4915100000001', smsOptIn: true, orders: 1 },
    { userId: 'de-repeat', country: 'DE', email: 'ben@shop.test', emailOptIn: false, orders: 2 },
    { userId: 'fr-email', country: 'FR', email: 'chloe@shop.test', emailOptIn: true, orders: 1 },
    { userId: 'fr-gone', country: 'FR', email: 'dan@shop.test', emailOptIn: true, unsubscribed: true },
    { userId: 'fr-push', country: 'FR', orders: 0 },
    { userId: 'us-both', country: 'US', email: 'eve@shop.test', emailOptIn: true, orders: 3 },
    { userId: 'us-plain', country: 'US', orders: 0 },
    { userId: 'nl-email', country: 'NL', email: 'fay@shop.test', emailOptIn: true, orders: 0 },
    { userId: 'nowhere', orders: 0 },
  ];
  const messages: unknown[] = [];
  shoppers.forEach((shopper, index) => {
    const minutes = 500 - index * 10;
    messages.push({
      type: 'identify',
      userId: shopper.userId,
      timestamp: at(minutes),
      traits: {
        ...(shopper.email ? { email: shopper.email, emailOptIn: shopper.emailOptIn } : {}),
        ...(shopper.phone ? { phone: shopper.phone, smsOptIn: shopper.smsOptIn } : {}),
        ...(shopper.unsubscribed ? { unsubscribed: true } : {}),
      },
      context: shopper.country ? { location: { country: shopper.country } } : {},
    });
    for (let order = 0; order < (shopper.orders ?? 0); order++) {
      messages.push({
        type: 'track',
        userId: shopper.userId,
        event: 'Order Completed',
        timestamp: at(minutes - order - 1),
        properties: { order_id: `${shopper.userId}-${order}` },
      });
    }
  });
  // An anonymous visitor with the same last-seen time as another shopper: the id breaks the tie.
  messages.push({ type: 'page', anonymousId: 'anon-1', name: 'Home', timestamp: at(400) });
  await ingestMessages(db, parseIngestBodyForTests(messages), { workspaceId });
  const customers = await db.customer.findMany({ where: { workspaceId } });
  const byUser = new Map(customers.map((customer) => [customer.userId ?? 'anon-1', customer]));
  for (const userId of ['fr-push', 'us-both', 'fr-gone']) {
    await db.pushSubscription.create({
      data: {
        workspaceId,
        customerId: byUser.get(userId)!.id,
        endpoint: `https://push.test/${randomUUID()}`,
        p256dh: 'p256dh',
        auth: 'auth',
      },
    });
  }
  const segment = await db.segment.create({
    data: {
      workspaceId,
      name: 'Picked',
      definition: { version: 1, condition: { kind: 'and', conditions: [] } },
    },
  });
  await db.segmentMembership.createMany({
    data: [
      { segmentId: segment.id, customerId: byUser.get('de-email')!.id },
      { segmentId: segment.id, customerId: byUser.get('us-both')!.id },
      { segmentId: segment.id, customerId: byUser.get('anon-1')!.id },
      // Left the segment: not a member any more.
      {
        segmentId: segment.id,
        customerId: byUser.get('fr-email')!.id,
        inSegment: false,
        exitedAt: new Date(),
      },
    ],
  });
  return { byUser, segmentId: segment.id };
}

describe('customers router', () => {
  const db = getDb();
  let owner: { id: string; email: string; name: string };
  let workspaceId: string;
  let foreignWorkspaceId: string;
  let caller: Caller;
  let seeded: Awaited<ReturnType<typeof seedShoppers>>;
  let foreignSegmentId: string;

  beforeAll(async () => {
    owner = await createUser();
    const workspace = await createTestWorkspace(db, { ownerUserId: owner.id });
    const foreign = await createTestWorkspace(db);
    workspaceId = workspace.id;
    foreignWorkspaceId = foreign.id;
    caller = callerFor(owner);
    seeded = await seedShoppers(workspaceId);
    const foreignSeed = await seedShoppers(foreignWorkspaceId);
    foreignSegmentId = foreignSeed.segmentId;
  });

  /** Every page of the list, two at a time, so the cursor is exercised on every filter. */
  async function listAll(filters: Record<string, unknown>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await caller.customers.list({
        workspaceId,
        limit: 2,
        ...filters,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...result.items.map((item) => item.id));
      if (!result.nextCursor) return ids;
      cursor = result.nextCursor;
    }
    throw new Error('the list never ended');
  }

  const expected = async (where: Record<string, unknown>) =>
    (
      await db.customer.findMany({
        where: { workspaceId, ...where },
        orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
        select: { id: true },
      })
    ).map((row) => row.id);

  it('lists every customer most recently seen first, page by page', async () => {
    const all = await listAll({});
    expect(all).toEqual(await expected({}));
    expect(all).toHaveLength(11);
  });

  it('filters exactly as an independent query says', async () => {
    const marketingOk = { unsubscribedAll: false };
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ country: 'DE' }, { country: 'DE' }],
      [{ lifecycleStage: 'REPEAT' }, { lifecycleStage: 'REPEAT' }],
      [{ lifecycleStage: 'NEW' }, { lifecycleStage: 'NEW' }],
      [
        { segmentId: seeded.segmentId },
        { segmentMemberships: { some: { segmentId: seeded.segmentId, inSegment: true } } },
      ],
      [{ reachableOn: 'email' }, { ...marketingOk, email: { not: null }, emailOptIn: true }],
      [{ reachableOn: 'sms' }, { ...marketingOk, phone: { not: null }, smsOptIn: true }],
      [{ reachableOn: 'push' }, { ...marketingOk, pushSubscriptions: { some: {} } }],
      [
        { reachableOn: 'any' },
        {
          ...marketingOk,
          OR: [
            { email: { not: null }, emailOptIn: true },
            { phone: { not: null }, smsOptIn: true },
            { pushSubscriptions: { some: {} } },
          ],
        },
      ],
      [
        { search: 'ann@shop' },
        {
          OR: [
            { email: { contains: 'ann@shop', mode: 'insensitive' } },
            { userId: { contains: 'ann@shop' } },
          ],
        },
      ],
      [
        { search: 'fr-' },
        { OR: [{ email: { contains: 'fr-', mode: 'insensitive' } }, { userId: { contains: 'fr-' } }] },
      ],
      [
        { country: 'FR', reachableOn: 'email' },
        { country: 'FR', ...marketingOk, email: { not: null }, emailOptIn: true },
      ],
      [
        { segmentId: seeded.segmentId, country: 'US', lifecycleStage: 'REPEAT' },
        {
          country: 'US',
          lifecycleStage: 'REPEAT',
          segmentMemberships: { some: { segmentId: seeded.segmentId, inSegment: true } },
        },
      ],
    ];
    for (const [filters, where] of cases) {
      const want = await expected(where);
      expect(await listAll(filters), JSON.stringify(filters)).toEqual(want);
    }
    // The cases are not vacuous: each distinguishes something.
    expect(await listAll({ country: 'DE' })).toHaveLength(3);
    expect(await listAll({ reachableOn: 'email' })).toHaveLength(4);
    expect(await listAll({ reachableOn: 'push' })).toHaveLength(2);
    expect(await listAll({ segmentId: seeded.segmentId })).toHaveLength(3);
    expect(await listAll({ search: 'ann@shop' })).toEqual([seeded.byUser.get('de-email')!.id]);
    // A "%" in a search is a character, not a wildcard.
    expect(await listAll({ search: '%' })).toEqual([]);
  });

  it("never shows another workspace's customers, even through its segment", async () => {
    expect(await listAll({ segmentId: foreignSegmentId })).toEqual([]);
    const foreignIds = new Set(
      (await db.customer.findMany({ where: { workspaceId: foreignWorkspaceId } })).map((c) => c.id),
    );
    for (const id of await listAll({})) expect(foreignIds.has(id)).toBe(false);
  });

  it('offers the countries seen and refuses a malformed cursor per field', async () => {
    const options = await caller.customers.filterOptions({ workspaceId });
    expect(options.countries).toEqual(['DE', 'FR', 'NL', 'US']);
    const error = await caller.customers
      .list({ workspaceId, cursor: 'page-2' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
  });

  it('shows a profile: attributes, identities, segments, consent, reachability, messages, journeys', async () => {
    const ids = await ingestMessages(
      db,
      parseIngestBodyForTests([
        { type: 'page', anonymousId: 'visitor-9', name: 'Home', timestamp: at(60) },
        {
          type: 'identify',
          anonymousId: 'visitor-9',
          userId: 'profile-1',
          timestamp: at(59),
          traits: { email: 'pat@shop.test', emailOptIn: true, plan: 'gold' },
          context: { location: { country: 'AT' } },
        },
        { type: 'track', userId: 'profile-1', event: 'Order Completed', timestamp: at(58) },
      ]),
      { workspaceId },
    );
    expect(ids.inserted).toBe(3);
    const customer = await db.customer.findFirstOrThrow({ where: { workspaceId, userId: 'profile-1' } });
    await db.consentChange.create({
      data: {
        customerId: customer.id,
        subject: 'topic:marketing',
        granted: false,
        source: 'preferences-page',
      },
    });
    await db.segmentMembership.create({ data: { segmentId: seeded.segmentId, customerId: customer.id } });
    const journey = await db.journey.create({
      data: { workspaceId, name: 'Welcome', status: 'ACTIVE', draft: {} },
    });
    const version = await db.journeyVersion.create({
      data: { journeyId: journey.id, version: 1, definition: {}, graph: {} },
    });
    await db.journeyRun.create({
      data: {
        id: `run-${randomUUID()}`,
        workspaceId,
        journeyId: journey.id,
        versionId: version.id,
        customerId: customer.id,
        currentNodeId: 'wait-1',
      },
    });
    const send = await db.messageSend.create({
      data: {
        workspaceId,
        idempotencyKey: `key-${randomUUID()}`,
        customerId: customer.id,
        journeyId: journey.id,
        channel: 'email',
        status: 'DELIVERED',
        sentAt: new Date(),
        receipts: { create: [{ type: 'delivered' }, { type: 'opened' }] },
      },
    });

    const profile = await caller.customers.profile({ workspaceId, customerId: customer.id });
    expect(profile.customer).toMatchObject({
      userId: 'profile-1',
      email: 'pat@shop.test',
      country: 'AT',
      orderCount: 1,
    });
    expect(profile.customer.lifecycleStage).toBe('ACTIVE');
    expect(profile.derived).toHaveProperty('lifecycleStage');
    expect(profile.derived).not.toHaveProperty('email');
    expect(profile.identities.map((identity) => `${identity.kind}:${identity.value}`).sort()).toEqual([
      'ANONYMOUS_ID:visitor-9',
      'USER_ID:profile-1',
    ]);
    expect(profile.segments).toEqual([
      expect.objectContaining({
        segmentId: seeded.segmentId,
        inSegment: true,
        segment: expect.objectContaining({ name: 'Picked' }),
      }),
    ]);
    expect(profile.consent.email).toEqual({ address: 'pat@shop.test', optIn: true });
    expect(profile.consent.history.map((change) => [change.subject, change.granted, change.source])).toEqual([
      ['topic:marketing', false, 'preferences-page'],
      ['email', true, 'identify'],
    ]);
    const reach = Object.fromEntries(profile.reachability.map((entry) => [entry.channel, entry]));
    expect(reach.email).toMatchObject({ reachable: true, reason: null });
    expect(reach.sms).toMatchObject({ reachable: false, reason: 'no phone number' });
    expect(reach.push).toMatchObject({ reachable: false, reason: 'no push subscription' });
    expect(profile.messages).toEqual([
      expect.objectContaining({ id: send.id, channel: 'email', status: 'DELIVERED' }),
    ]);
    expect(profile.messages[0]!.receipts.map((receipt) => receipt.type)).toEqual(['delivered', 'opened']);
    expect(profile.runs).toEqual([
      expect.objectContaining({
        journeyId: journey.id,
        journeyName: 'Welcome',
        status: 'RUNNING',
        currentNodeId: 'wait-1',
        version: 1,
      }),
    ]);
    expect(profile.erasePhrase).toBe('profile-1');

    // Unsubscribed from everything: every channel says so, with the sender's reason.
    const gone = await caller.customers.profile({
      workspaceId,
      customerId: seeded.byUser.get('fr-gone')!.id,
    });
    expect(gone.reachability.length).toBeGreaterThan(0);
    for (const entry of gone.reachability) {
      expect(entry).toMatchObject({ reachable: false, reason: 'unsubscribed from all messages' });
    }
  });

  it('pages the timeline newest first and filters it by event name', async () => {
    const userId = 'timeline-1';
    const names = [
      'Product Viewed',
      'Product Added',
      'Product Viewed',
      'Checkout Started',
      'Product Viewed',
      'Product Added',
      'Product Viewed',
    ];
    await ingestMessages(
      db,
      parseIngestBodyForTests(
        names.map((event, index) => ({ type: 'track', userId, event, timestamp: at(30 - index) })),
      ),
      { workspaceId },
    );
    const customer = await db.customer.findFirstOrThrow({ where: { workspaceId, userId } });

    async function allPages(name?: string) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await caller.customers.timeline({
          workspaceId,
          customerId: customer.id,
          limit: 3,
          ...(name ? { name } : {}),
          ...(cursor ? { cursor } : {}),
        });
        expect(page.names).toEqual(['Checkout Started', 'Product Added', 'Product Viewed']);
        seen.push(...page.items.map((item) => item.id));
        if (!page.nextCursor) return seen;
        cursor = page.nextCursor;
      }
    }
    const independent = async (name?: string) =>
      (
        await db.event.findMany({
          where: { customerId: customer.id, ...(name ? { name } : {}) },
          orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
        })
      ).map((event) => event.id.toString());
    expect(await allPages()).toEqual(await independent());
    expect(await allPages()).toHaveLength(7);
    expect(await allPages('Product Viewed')).toEqual(await independent('Product Viewed'));
    expect(await allPages('Product Viewed')).toHaveLength(4);
  });

  it("refuses another workspace's customer on every customer procedure", async () => {
    const foreignCustomer = await db.customer.findFirstOrThrow({
      where: { workspaceId: foreignWorkspaceId },
    });
    const input = { workspaceId, customerId: foreignCustomer.id };
    for (const attempt of [
      () => caller.customers.profile(input),
      () => caller.customers.timeline(input),
      () => caller.customers.export(input),
      () => caller.customers.erase({ ...input, confirmation: foreignCustomer.userId ?? foreignCustomer.id }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'customer not found' });
    }
    // Naming the foreign workspace itself: its existence does not leak to a non-member.
    await expect(
      caller.customers.profile({ workspaceId: foreignWorkspaceId, customerId: foreignCustomer.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'workspace not found' });
    expect(await db.customer.count({ where: { id: foreignCustomer.id } })).toBe(1);
  });

  it('exports a customer as the privacy API does, and erases only with the typed confirmation', async () => {
    const target = seeded.byUser.get('nl-email')!;
    const exported = await caller.customers.export({ workspaceId, customerId: target.id });
    expect(exported.fileName).toBe(`customer-${target.id}.json`);
    expect(exported.data.customer).toMatchObject({ userId: 'nl-email', email: 'fay@shop.test' });
    expect(exported.data.customer.identities).toEqual([
      expect.objectContaining({ kind: 'USER_ID', value: 'nl-email' }),
    ]);

    const wrong = await caller.customers
      .erase({ workspaceId, customerId: target.id, confirmation: 'fay@shop.test' })
      .catch((caught: unknown) => caught);
    expect(wrong).toBeInstanceOf(TRPCError);
    expect((wrong as TRPCError).code).toBe('BAD_REQUEST');
    expect((wrong as TRPCError).message).toBe('Type nl-email to confirm');
    expect(await db.customer.count({ where: { id: target.id } })).toBe(1);

    const erased = await caller.customers.erase({
      workspaceId,
      customerId: target.id,
      confirmation: 'nl-email',
    });
    expect(erased).toMatchObject({ customerId: target.id, deleted: { events: 1, messages: 0 } });
    expect(await db.customer.count({ where: { id: target.id } })).toBe(0);
    expect(await db.event.count({ where: { customerId: target.id } })).toBe(0);
    await expect(caller.customers.profile({ workspaceId, customerId: target.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reports bad input per field', async () => {
    const error = await caller.customers
      .list({ workspaceId: 'not-a-uuid' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
  });

  it('identityRefusals lists the refused claims on a customer’s userId, newest first, for that customer only', async () => {
    const db = getDb();
    const member = await createUser();
    const workspace = await createTestWorkspace(db, { ownerUserId: member.id });
    await ingestMessages(
      db,
      parseIngestBodyForTests([
        { type: 'identify', userId: 'c-9' },
        { type: 'identify', userId: 'c-10' },
      ]),
      {
        workspaceId: workspace.id,
      },
    );
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 8, 0, minute));
    await recordIdentityRefusals(db, [
      {
        workspaceId: workspace.id,
        claimedUserId: 'c-9',
        anonymousId: 'a-1',
        reason: 'missing-proof',
        source: 'ingest:identify',
        at: at(1),
      },
      {
        workspaceId: workspace.id,
        claimedUserId: 'c-9',
        anonymousId: 'a-2',
        reason: 'wrong-signature',
        source: 'in-app:feed',
        at: at(2),
      },
      {
        workspaceId: workspace.id,
        claimedUserId: 'c-10',
        anonymousId: 'a-3',
        reason: 'missing-proof',
        source: 'ingest:identify',
        at: at(3),
      },
    ]);
    const customer = await db.customer.findFirstOrThrow({
      where: { workspaceId: workspace.id, userId: 'c-9' },
    });
    const caller = createCaller(
      createContextInner({ session: { user: { id: member.id, email: member.email, name: member.name } } }),
    );
    const refusals = await caller.customers.identityRefusals({
      workspaceId: workspace.id,
      customerId: customer.id,
    });
    expect(
      refusals.map(({ claimedUserId, anonymousId, reason, source, at: when }) => ({
        claimedUserId,
        anonymousId,
        reason,
        source,
        when,
      })),
    ).toEqual([
      {
        claimedUserId: 'c-9',
        anonymousId: 'a-2',
        reason: 'wrong-signature',
        source: 'in-app:feed',
        when: at(2),
      },
      {
        claimedUserId: 'c-9',
        anonymousId: 'a-1',
        reason: 'missing-proof',
        source: 'ingest:identify',
        when: at(1),
      },
    ]);
    expect(
      refusals.every((refusal) => refusal.customerId === customer.id && typeof refusal.id === 'string'),
    ).toBe(true);
  });
});

describe('first-run checklist', () => {
  const db = getDb();

  it('ticks nothing in a fresh workspace, then each step as it happens, and can be dismissed', async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(db, { ownerUserId: owner.id });
    const caller = callerFor(owner);
    const ticked = async () =>
      Object.fromEntries(
        (await caller.workspace.checklist({ workspaceId: workspace.id })).steps.map((step) => [
          step.step,
          step.done,
        ]),
      );
    expect(await ticked()).toEqual({
      installSnippet: false,
      sendFirstEvent: false,
      createSegment: false,
      publishJourney: false,
    });

    await ingestMessages(
      db,
      parseIngestBodyForTests([{ type: 'track', anonymousId: 'first', event: 'Hello Nudgeflow' }]),
      { workspaceId: workspace.id },
    );
    expect(await ticked()).toEqual({
      installSnippet: true,
      sendFirstEvent: true,
      createSegment: false,
      publishJourney: false,
    });

    await caller.segments.create({
      workspaceId: workspace.id,
      name: 'Everyone',
      definition: { condition: { kind: 'and', conditions: [] } },
    });
    // A draft journey is not published yet.
    const journey = await db.journey.create({
      data: { workspaceId: workspace.id, name: 'Draft', draft: {} },
    });
    expect(await ticked()).toMatchObject({ createSegment: true, publishJourney: false });
    await db.journeyVersion.create({
      data: { journeyId: journey.id, version: 1, definition: {}, graph: {} },
    });
    const all = await caller.workspace.checklist({ workspaceId: workspace.id });
    expect(all.complete).toBe(true);
    expect(all.dismissedAt).toBeNull();

    const dismissed = await caller.workspace.dismissChecklist({ workspaceId: workspace.id });
    expect(dismissed.dismissedAt).toEqual(expect.any(String));
    expect((await caller.workspace.checklist({ workspaceId: workspace.id })).dismissedAt).toBe(
      dismissed.dismissedAt,
    );
  });

  it('does not count events Nudgeflow emitted itself', async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(db, { ownerUserId: owner.id });
    const customer = await db.customer.create({ data: { workspaceId: workspace.id } });
    await db.event.create({
      data: {
        workspaceId: workspace.id,
        customerId: customer.id,
        messageId: randomUUID(),
        type: 'INTERNAL',
        name: 'Segment Entered',
        timestamp: new Date(),
      },
    });
    const checklist = await callerFor(owner).workspace.checklist({ workspaceId: workspace.id });
    expect(checklist.steps.find((step) => step.step === 'sendFirstEvent')?.done).toBe(false);
  });
});

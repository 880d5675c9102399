import { JOURNEY_GALLERY } from '@nudgeflow/journey/gallery';
import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { exportJourney, publishDraft } from '~/server/journeys/service';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '../../testing/router-fixtures';
import { createCaller } from '../root';
import { createContextInner } from '../trpc';

/**
 * The journeys list router against a real database: what each row shows (status, live version, customers
 * in it now and entered this week, who edited it last), search, the gallery, duplicate and the status
 * actions, and who may do what.
 */
async function createUser(name = 'Tester') {
  const id = uniqueTestId('user');
  return getDb().user.create({ data: { id, name, email: `${id}@nudgeflow.test`, emailVerified: true } });
}

function callerFor(user: { id: string; email: string; name: string }) {
  return createCaller(
    createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
  );
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** Runs as the engine would record them: `ago` is how long since the customer entered. */
async function addRuns(
  workspaceId: string,
  journeyId: string,
  versionId: string,
  runs: { status: 'RUNNING' | 'COMPLETED'; agoDays: number }[],
) {
  const customer = await getDb().customer.create({ data: { workspaceId, userId: uniqueTestId('c') } });
  await getDb().journeyRun.createMany({
    data: runs.map((run) => ({
      id: `run-${randomUUID()}`,
      workspaceId,
      journeyId,
      versionId,
      customerId: customer.id,
      status: run.status,
      startedAt: new Date(Date.now() - run.agoDays * 24 * 60 * 60 * 1000),
    })),
  });
}

describe('journeys router', () => {
  afterAll(async () => {
    await closeSharedDb();
  });

  it('lists journeys with status, live version, counts and last editor; searches; pauses, resumes, archives', async () => {
    const owner = await createUser('Olivia Owner');
    const marketer = await createUser('Max Marketer');
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    await getDb().membership.create({
      data: { workspaceId: workspace.id, userId: marketer.id, role: 'MARKETER' },
    });
    const ws = { workspaceId: workspace.id };
    const caller = callerFor(owner);

    expect(await caller.journeys.list(ws)).toEqual([]);
    const blank = await caller.journeys.createBlank({ ...ws, name: 'Spring sale' });
    const { journey: cart, templateIds } = await caller.journeys.createFromGallery({
      ...ws,
      galleryId: 'cart-abandonment',
    });
    expect(cart).toMatchObject({ name: 'Cart abandonment', status: 'DRAFT' });

    // The gallery's templates are now the workspace's, and the draft points at exactly them.
    const templates = await caller.templates.list(ws);
    expect(templates.map((template) => template.name).sort()).toEqual([
      'Cart reminder (email)',
      'Cart reminder (push)',
    ]);
    const exported = await exportJourney(getDb(), workspace.id, cart.id);
    if (!exported.ok) throw new Error('export failed');
    const used = exported.value.nodes.flatMap((node) =>
      node.type === 'message'
        ? (node.config as { channels: { templateId: string }[] }).channels.map((c) => c.templateId)
        : [],
    );
    expect(used.sort()).toEqual([...templateIds].sort());

    const published = await publishDraft(getDb(), workspace.id, cart.id, { actor: `user:${owner.id}` });
    if (!published.ok) throw new Error(JSON.stringify(published.errors));
    await addRuns(workspace.id, cart.id, published.value.versionId, [
      { status: 'RUNNING', agoDays: 0 },
      { status: 'RUNNING', agoDays: 9 },
      { status: 'COMPLETED', agoDays: 2 },
      { status: 'COMPLETED', agoDays: 30 },
    ]);

    // A marketer pauses it: the row says so, and names them as the last editor.
    await callerFor(marketer).journeys.pause({ ...ws, journeyId: cart.id });
    const rows = await caller.journeys.list(ws);
    expect(rows.map((row) => row.name)).toEqual(['Cart abandonment', 'Spring sale']);
    expect(rows[0]).toMatchObject({
      id: cart.id,
      status: 'PAUSED',
      liveVersion: 1,
      activeNow: 2,
      enteredThisWeek: 2,
      lastEditedBy: { name: 'Max Marketer' },
    });
    expect(rows[1]).toMatchObject({
      id: blank.id,
      status: 'DRAFT',
      liveVersion: null,
      activeNow: 0,
      enteredThisWeek: 0,
      lastEditedBy: { name: 'Olivia Owner' },
    });

    expect((await caller.journeys.list({ ...ws, search: 'SPRING' })).map((row) => row.id)).toEqual([
      blank.id,
    ]);
    expect(await caller.journeys.list({ ...ws, search: 'no such journey' })).toEqual([]);

    // Only a paused journey resumes, only an active one pauses: the rules of the journeys API.
    expect((await rejection(caller.journeys.pause({ ...ws, journeyId: blank.id }))).code).toBe('CONFLICT');
    expect((await rejection(caller.journeys.resume({ ...ws, journeyId: blank.id }))).code).toBe('CONFLICT');
    expect(await caller.journeys.resume({ ...ws, journeyId: cart.id })).toMatchObject({ status: 'ACTIVE' });

    const copy = await caller.journeys.duplicate({ ...ws, journeyId: cart.id });
    expect(copy).toMatchObject({ name: 'Copy of Cart abandonment', status: 'DRAFT', activeVersion: null });
    const copied = await exportJourney(getDb(), workspace.id, copy.id);
    expect(copied.ok && copied.value.nodes).toEqual(exported.value.nodes);

    await caller.journeys.archive({ ...ws, journeyId: blank.id });
    expect((await caller.journeys.list(ws)).map((row) => row.id)).not.toContain(blank.id);
    expect((await caller.journeys.list({ ...ws, archived: true })).map((row) => row.id)).toEqual([blank.id]);
    expect((await rejection(caller.journeys.archive({ ...ws, journeyId: blank.id }))).code).toBe('CONFLICT');
  });

  it('creates every gallery journey as a draft that publishes against its own templates and segments', async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const caller = callerFor(owner);
    const cards = await caller.journeys.gallery({ workspaceId: workspace.id });
    expect(cards.map((card) => card.id)).toEqual(JOURNEY_GALLERY.map((journey) => journey.id));
    for (const card of cards) {
      const created = await caller.journeys.createFromGallery({
        workspaceId: workspace.id,
        galleryId: card.id,
      });
      expect(created.templateIds).toHaveLength(card.templates.length);
      expect(created.journey.status).toBe('DRAFT');
      const published = await publishDraft(getDb(), workspace.id, created.journey.id, { actor: 'test' });
      expect(published.ok ? [] : published.errors).toEqual([]);
    }
    const segments = await getDb().segment.findMany({ where: { workspaceId: workspace.id } });
    expect(segments.map((segment) => segment.name)).toEqual(['Customers in Germany']);
    const expectedTemplates = JOURNEY_GALLERY.reduce((sum, journey) => sum + journey.templates.length, 0);
    expect(await getDb().template.count({ where: { workspaceId: workspace.id } })).toBe(expectedTemplates);
  });

  it('refuses bad input by field and unknown gallery journeys', async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const caller = callerFor(owner);
    const empty = await rejection(caller.journeys.createBlank({ workspaceId: workspace.id, name: '  ' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.message).toContain('Name the journey');
    const unknown = await rejection(
      caller.journeys.createFromGallery({ workspaceId: workspace.id, galleryId: 'nope' }),
    );
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toContain('galleryId');
    expect(await getDb().template.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it('keeps other workspaces out and support staff read-only', async () => {
    const [owner, stranger, support] = [await createUser(), await createUser(), await createUser()];
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const other = await createTestWorkspace(getDb(), { ownerUserId: stranger.id });
    await getDb().membership.create({
      data: { workspaceId: workspace.id, userId: support.id, role: 'SUPPORT' },
    });
    const ws = { workspaceId: workspace.id };
    const mine = await callerFor(owner).journeys.createBlank({ ...ws, name: 'Mine' });

    const outsider = callerFor(stranger);
    expect((await rejection(outsider.journeys.list(ws))).code).toBe('NOT_FOUND');
    expect(
      (await rejection(outsider.journeys.createFromGallery({ ...ws, galleryId: 'cart-abandonment' }))).code,
    ).toBe('NOT_FOUND');
    expect((await rejection(outsider.journeys.archive({ ...ws, journeyId: mine.id }))).code).toBe(
      'NOT_FOUND',
    );
    // Through their own workspace, another workspace's journey does not exist.
    const theirs = { workspaceId: other.id, journeyId: mine.id };
    expect((await rejection(outsider.journeys.archive(theirs))).code).toBe('NOT_FOUND');
    expect((await rejection(outsider.journeys.duplicate(theirs))).code).toBe('NOT_FOUND');

    const readOnly = callerFor(support);
    expect((await readOnly.journeys.list(ws)).map((row) => row.id)).toEqual([mine.id]);
    const writes: Promise<unknown>[] = [
      readOnly.journeys.createBlank({ ...ws, name: 'Nope' }),
      readOnly.journeys.createFromGallery({ ...ws, galleryId: 'welcome-series' }),
      readOnly.journeys.duplicate({ ...ws, journeyId: mine.id }),
      readOnly.journeys.pause({ ...ws, journeyId: mine.id }),
      readOnly.journeys.resume({ ...ws, journeyId: mine.id }),
      readOnly.journeys.archive({ ...ws, journeyId: mine.id }),
    ];
    for (const write of writes) expect((await rejection(write)).code).toBe('FORBIDDEN');
    expect((await callerFor(owner).journeys.list(ws)).map((row) => [row.name, row.status])).toEqual([
      ['Mine', 'DRAFT'],
    ]);
    expect(await getDb().template.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

import { createJourney } from '@nudgeflow/db';
import { enablePatches, produceWithPatches } from 'immer';
import type { JourneyDocument } from '@nudgeflow/journey';
import { afterAll, describe, expect, it } from 'vitest';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '../../testing/router-fixtures';
import { createCaller } from '../root';
import { createContextInner } from '../trpc';

enablePatches();

/**
 * The canvas's router on a real database: the draft changes by patches based on a revision, a stale change
 * is refused with who changed what, the history survives for undo, publish previews a diff, and a
 * version restores as an undoable change. Callers outside the workspace, or without the right role, get
 * nothing.
 */
async function createUser() {
  const id = uniqueTestId('user');
  return getDb().user.create({
    data: { id, name: 'Tester', email: `${id}@nudgeflow.test`, emailVerified: true },
  });
}

function callerFor(user: { id: string; email: string; name: string }) {
  return createCaller(
    createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
  );
}

function change(document: JourneyDocument, recipe: (draft: JourneyDocument) => void) {
  const [next, patches, inversePatches] = produceWithPatches(document, recipe);
  return { next, patches: patches as never, inversePatches: inversePatches as never };
}

describe('journeyEditor router', () => {
  afterAll(async () => {
    await closeSharedDb();
  });

  it('saves changes by revision, refuses a stale one naming who changed what, and keeps the history', async () => {
    const owner = await createUser();
    const colleague = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    await getDb().membership.create({
      data: { workspaceId: workspace.id, userId: colleague.id, role: 'MARKETER' },
    });
    const journey = await createJourney(getDb(), {
      workspaceId: workspace.id,
      name: 'Cart',
      draft: { nodes: [], edges: [], settings: {} },
    });
    const ref = { workspaceId: workspace.id, journeyId: journey.id };
    const mine = callerFor(owner);
    const theirs = callerFor(colleague);

    const opened = await mine.journeyEditor.open(ref);
    expect(opened.revision).toBe(0);
    expect(opened.document).toMatchObject({
      format: 'nudgeflow.journey/v1',
      name: 'Cart',
      nodes: [],
      edges: [],
    });

    const add = change(opened.document, (draft) => {
      draft.nodes.push({
        id: 'start',
        type: 'trigger.event',
        position: { x: 0, y: 0 },
        config: { event: 'Product Added' },
      });
    });
    const first = await mine.journeyEditor.saveChange({
      ...ref,
      baseRevision: 0,
      kind: 'edit',
      label: 'Added start',
      patches: add.patches,
      inversePatches: add.inversePatches,
    });
    expect(first).toEqual({ ok: true, revision: 1 });

    // The colleague opened revision 1 too and saves first.
    const exit = change(add.next, (draft) => {
      draft.nodes.push({ id: 'end', type: 'exit', position: { x: 0, y: 200 }, config: {} });
    });
    expect(
      await theirs.journeyEditor.saveChange({
        ...ref,
        baseRevision: 1,
        kind: 'edit',
        label: 'Added end',
        patches: exit.patches,
        inversePatches: exit.inversePatches,
      }),
    ).toEqual({ ok: true, revision: 2 });

    // My change based on revision 1 is refused, never applied on top, and says who did what.
    const rename = change(add.next, (draft) => {
      draft.nodes[0]!.label = 'Cart started';
    });
    const stale = await mine.journeyEditor.saveChange({
      ...ref,
      baseRevision: 1,
      kind: 'edit',
      label: 'Renamed start',
      patches: rename.patches,
      inversePatches: rename.inversePatches,
    });
    expect(stale).toMatchObject({
      ok: false,
      reason: 'stale',
      revision: 2,
      changes: [{ revision: 2, label: 'Added end', author: colleague.email }],
    });

    const reopened = await mine.journeyEditor.open(ref);
    expect(reopened.revision).toBe(2);
    expect(reopened.document.nodes.map((node) => node.id)).toEqual(['start', 'end']);
    expect(reopened.history.map((entry) => [entry.revision, entry.kind, entry.label])).toEqual([
      [1, 'edit', 'Added start'],
      [2, 'edit', 'Added end'],
    ]);

    // Undo of revision 2 is its inverse patches, appended as a change of its own.
    const undo = await mine.journeyEditor.saveChange({
      ...ref,
      baseRevision: 2,
      kind: 'undo',
      targetRevision: 2,
      label: 'Undo: Added end',
      patches: reopened.history[1]!.inversePatches as never,
      inversePatches: reopened.history[1]!.patches as never,
    });
    expect(undo).toEqual({ ok: true, revision: 3 });
    expect((await mine.journeyEditor.open(ref)).document.nodes.map((node) => node.id)).toEqual(['start']);

    // A patch that would break the document is refused with where.
    const broken = await mine.journeyEditor.saveChange({
      ...ref,
      baseRevision: 3,
      kind: 'edit',
      label: 'Broken',
      patches: [{ op: 'replace', path: ['nodes', 0, 'id'], value: 'has space' }],
      inversePatches: [],
    });
    expect(broken).toMatchObject({
      ok: false,
      reason: 'invalid',
      message: expect.stringContaining('nodes.0.id'),
    });
  });

  it('previews a publish node by node, publishes, and restores a version as an undoable change', async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const draft = {
      nodes: [
        {
          id: 'start',
          type: 'trigger.event',
          position: { x: 0, y: 0 },
          data: { config: { event: 'Product Added' } },
        },
        { id: 'end', type: 'exit', position: { x: 0, y: 200 }, data: { config: {} } },
      ],
      edges: [{ id: 'start.default', source: 'start', sourceHandle: 'default', target: 'end' }],
      settings: {},
    };
    const journey = await createJourney(getDb(), { workspaceId: workspace.id, name: 'Welcome', draft });
    const ref = { workspaceId: workspace.id, journeyId: journey.id };
    const caller = callerFor(owner);

    const preview = await caller.journeyEditor.publishPreview(ref);
    expect(preview).toMatchObject({ ok: true, liveVersion: null });
    expect(preview.ok && preview.nodes.map((node) => [node.nodeId, node.change])).toEqual([
      ['start', 'added'],
      ['end', 'added'],
    ]);
    expect(await caller.journeyEditor.publish(ref)).toMatchObject({ ok: true, version: 1 });

    // Change the draft: the preview now names the changed node against version 1.
    const opened = await caller.journeyEditor.open(ref);
    const edit = change(opened.document, (document) => {
      (document.nodes[0]!.config as { event: string }).event = 'Checkout Started';
    });
    await caller.journeyEditor.saveChange({
      ...ref,
      baseRevision: opened.revision,
      kind: 'edit',
      label: 'Changed the event',
      patches: edit.patches,
      inversePatches: edit.inversePatches,
    });
    const second = await caller.journeyEditor.publishPreview(ref);
    expect(second).toMatchObject({
      ok: true,
      liveVersion: 1,
      nodes: [{ nodeId: 'start', change: 'changed', waiting: 0 }],
    });

    const restored = await caller.journeyEditor.restoreVersion({
      ...ref,
      version: 1,
      baseRevision: opened.revision + 1,
    });
    expect(restored).toMatchObject({ ok: true });
    const after = await caller.journeyEditor.open(ref);
    expect(after.document.nodes[0]!.config).toEqual({ event: 'Product Added' });
    expect(after.history.at(-1)).toMatchObject({ kind: 'edit', label: 'Restored version 1' });
    expect(await caller.journeyEditor.versions(ref)).toEqual([expect.objectContaining({ version: 1 })]);
    expect(await caller.journeyEditor.counts(ref)).toEqual({});
  });

  it('keeps other workspaces out and read-only roles from editing', async () => {
    const owner = await createUser();
    const support = await createUser();
    const stranger = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    await getDb().membership.create({
      data: { workspaceId: workspace.id, userId: support.id, role: 'SUPPORT' },
    });
    const journey = await createJourney(getDb(), {
      workspaceId: workspace.id,
      name: 'Secret',
      draft: { nodes: [], edges: [], settings: {} },
    });
    const ref = { workspaceId: workspace.id, journeyId: journey.id };
    const patch = {
      ...ref,
      baseRevision: 0,
      kind: 'edit' as const,
      label: 'x',
      patches: [{ op: 'replace' as const, path: ['name'], value: 'Mine' }],
      inversePatches: [],
    };

    await expect(callerFor(stranger).journeyEditor.open(ref)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(stranger).journeyEditor.saveChange(patch)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await callerFor(support).journeyEditor.open(ref)).document.name).toBe('Secret');
    await expect(callerFor(support).journeyEditor.saveChange(patch)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(callerFor(support).journeyEditor.publish(ref)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // A journey of another workspace is "not found" even to a member of this one.
    const other = await createTestWorkspace(getDb(), { ownerUserId: stranger.id });
    const foreign = await createJourney(getDb(), {
      workspaceId: other.id,
      name: 'Theirs',
      draft: { nodes: [], edges: [], settings: {} },
    });
    await expect(
      callerFor(owner).journeyEditor.open({ workspaceId: workspace.id, journeyId: foreign.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

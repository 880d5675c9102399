import { env } from '@nudgeflow/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from '../client';
import { createTestWorkspace } from '../testing';
import {
  createJourney,
  findJourney,
  listJourneyVersions,
  publishJourneyVersion,
  transitionJourney,
  updateJourneyDraft,
  type PublishCompile,
} from './journeys';

/** A stand-in compiler: the repository only needs a definition to store, or errors to refuse with. */
const compile: PublishCompile = (draft, identity) =>
  (draft as { broken?: boolean }).broken
    ? { ok: false, errors: [{ nodeId: 'n1', message: 'broken' }] }
    : { ok: true, definition: { ...identity, nodes: (draft as { nodes: unknown[] }).nodes.length } };

describe('journeys repository', () => {
  let db: Db;
  const workspaceIds: string[] = [];

  beforeAll(() => {
    db = createDb(env().DATABASE_URL);
  });
  afterAll(async () => {
    await db.workspace.deleteMany({ where: { id: { in: workspaceIds } } });
    await closeDb(db);
  });

  async function workspace() {
    const created = await createTestWorkspace(db);
    workspaceIds.push(created.id);
    return created.id;
  }

  it('numbers concurrent publishes without gaps or collisions, each version frozen with its draft', async () => {
    const workspaceId = await workspace();
    const journey = await createJourney(db, { workspaceId, name: 'Concurrent', draft: { nodes: [1, 2] } });
    const publish = () =>
      publishJourneyVersion(db, {
        workspaceId,
        journeyId: journey.id,
        publishedBy: 'test',
        from: ['DRAFT', 'ACTIVE', 'PAUSED'],
        to: () => 'ACTIVE',
        compile,
      });
    const results = await Promise.all(Array.from({ length: 5 }, publish));
    expect(results.every((result) => result.ok)).toBe(true);
    const versions = await listJourneyVersions(db, workspaceId, journey.id);
    expect(versions.map((version) => version.version)).toEqual([5, 4, 3, 2, 1]);
    const latest = await findJourney(db, workspaceId, journey.id);
    expect(latest).toMatchObject({ status: 'ACTIVE', activeVersion: { version: 5 } });

    // Editing the draft does not touch what was published.
    await updateJourneyDraft(db, { workspaceId, journeyId: journey.id, draft: { nodes: [1, 2, 3] } });
    const first = await db.journeyVersion.findFirstOrThrow({ where: { journeyId: journey.id, version: 1 } });
    expect(first.graph).toEqual({ nodes: [1, 2] });
    expect(first.definition).toMatchObject({
      version: 1,
      versionId: first.id,
      journeyId: journey.id,
      nodes: 2,
    });
  });

  it('refuses to publish an invalid draft or from a status not allowed, writing nothing', async () => {
    const workspaceId = await workspace();
    const journey = await createJourney(db, { workspaceId, name: 'Broken', draft: { broken: true } });
    const base = {
      workspaceId,
      journeyId: journey.id,
      publishedBy: null,
      to: () => 'ACTIVE' as const,
      compile,
    };
    expect(await publishJourneyVersion(db, { ...base, from: ['DRAFT'] })).toEqual({
      ok: false,
      reason: 'invalid',
      errors: [{ nodeId: 'n1', message: 'broken' }],
    });
    expect(await publishJourneyVersion(db, { ...base, from: ['ACTIVE'] })).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
    expect(await listJourneyVersions(db, workspaceId, journey.id)).toEqual([]);
    expect((await findJourney(db, workspaceId, journey.id))?.status).toBe('DRAFT');
  });

  it('moves status only from allowed states, and keeps workspaces apart', async () => {
    const workspaceId = await workspace();
    const other = await workspace();
    const journey = await createJourney(db, { workspaceId, name: 'Lifecycle', draft: { nodes: [] } });
    const pause = {
      journeyId: journey.id,
      from: ['ACTIVE'] as const,
      to: 'PAUSED' as const,
      conflictMessage: 'not active',
    };
    expect(await transitionJourney(db, { workspaceId, ...pause })).toEqual({
      ok: false,
      reason: 'conflict',
      message: 'not active',
    });
    expect(await transitionJourney(db, { workspaceId: other, ...pause })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await findJourney(db, other, journey.id)).toBeNull();
    expect(await findJourney(db, workspaceId, 'not-a-uuid')).toBeNull();
    const resume = await transitionJourney(db, {
      workspaceId,
      journeyId: journey.id,
      from: ['DRAFT'],
      to: 'ACTIVE',
      requireActiveVersion: true,
      conflictMessage: 'publish first',
    });
    expect(resume).toEqual({ ok: false, reason: 'conflict', message: 'publish first' });
    const archived = await transitionJourney(db, {
      workspaceId,
      journeyId: journey.id,
      from: ['DRAFT'],
      to: 'ARCHIVED',
      conflictMessage: 'x',
    });
    expect(archived.ok && archived.value.status).toBe('ARCHIVED');
    expect(await updateJourneyDraft(db, { workspaceId, journeyId: journey.id, draft: {} })).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
  });
});

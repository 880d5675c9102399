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
import { afterAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';
import { createContextInner } from '../trpc';

afterAll(async () => {
  await closeSharedDb();
});

async function createUser() {
  const id = uniqueTestId('user');
  return getDb().user.create({
    data: { id, name: 'Tester', email: `${id}@nudgeflow.test`, emailVerified: true },
  });
}

describe('customers router', () => {
  it('lists and shows a workspace’s customers to its members only', async () => {
    const db = getDb();
    const [member, stranger] = [await createUser(), await createUser()];
    const workspace = await createTestWorkspace(db, { ownerUserId: member.id });
    await ingestMessages(
      db,
      parseIngestBodyForTests([
        { type: 'identify', userId: 'c-1', traits: { email: 'c1@shop.test', emailOptIn: true } },
      ]),
      { workspaceId: workspace.id },
    );

    const caller = createCaller(
      createContextInner({ session: { user: { id: member.id, email: member.email, name: member.name } } }),
    );
    const list = await caller.customers.list({ workspaceId: workspace.id });
    expect(list.items).toEqual([expect.objectContaining({ userId: 'c-1', email: 'c1@shop.test' })]);
    const detail = await caller.customers.get({ workspaceId: workspace.id, customerId: list.items[0]!.id });
    expect(detail.reachability).toMatchObject({
      email: { address: 'c1@shop.test', optIn: true, reachable: true },
    });
    expect(detail.events).toHaveLength(1);

    const outsider = createCaller(
      createContextInner({
        session: { user: { id: stranger.id, email: stranger.email, name: stranger.name } },
      }),
    );
    await expect(outsider.customers.list({ workspaceId: workspace.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const anonymous = createCaller(createContextInner({ session: null }));
    await expect(anonymous.customers.list({ workspaceId: workspace.id })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const workspaces = await caller.workspace.list();
    expect(workspaces.map((w) => w.id)).toEqual([workspace.id]);
  });

  it('reports bad input per field', async () => {
    const user = await createUser();
    const caller = createCaller(
      createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
    );
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

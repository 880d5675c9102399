import { saveCaughtEmail } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { afterAll, describe, expect, it } from 'vitest';
import { z, type ZodError } from 'zod';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '~/server/testing/router-fixtures';
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

function callerFor(user: { id: string; email: string; name: string }) {
  return createCaller(
    createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
  );
}

function catchMail(workspaceId: string | null, subject: string, receivedAt: Date) {
  return getDb().caughtEmail.create({
    data: {
      workspaceId,
      from: 'shop@shop.test',
      to: ['ann@shop.test'],
      subject,
      html: `<p>${subject}</p><script>alert(1)</script>`,
      text: subject,
      headers: {
        'list-unsubscribe': '<https://app.test/api/unsubscribe/t>',
        'x-nudgeflow-workspace': workspaceId ?? '',
      },
      sizeBytes: 100,
      receivedAt,
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('mailbox router', () => {
  it('lists a workspace’s caught mail newest first, page by page, and shows one with headers', async () => {
    const owner = await createUser();
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const other = await createTestWorkspace(getDb());
    const base = Date.now() - 60_000;
    for (let index = 0; index < 3; index += 1)
      await catchMail(workspace.id, `mail ${index}`, new Date(base + index * 1000));
    await catchMail(other.id, 'someone else’s', new Date(base + 10_000));
    await catchMail(null, 'no workspace', new Date(base + 20_000));
    // saveCaughtEmail is what the catcher writes through; it must land in the same list.
    await saveCaughtEmail(getDb(), {
      workspaceId: workspace.id,
      messageId: '<m@nudgeflow>',
      from: 'shop@shop.test',
      to: ['bo@shop.test'],
      subject: 'mail 3',
      html: null,
      text: 'plain only',
      headers: {},
      sizeBytes: 10,
    });

    const caller = callerFor(owner);
    const first = await caller.mailbox.list({ workspaceId: workspace.id, limit: 3 });
    expect(first.items.map((mail) => mail.subject)).toEqual(['mail 3', 'mail 2', 'mail 1']);
    expect(first.items[0]).not.toHaveProperty('html');
    expect(first.nextCursor).toBe(first.items[2]!.id);
    const second = await caller.mailbox.list({
      workspaceId: workspace.id,
      limit: 3,
      cursor: first.nextCursor!,
    });
    expect(second).toEqual({ items: [expect.objectContaining({ subject: 'mail 0' })], nextCursor: null });

    const mail = await caller.mailbox.get({ workspaceId: workspace.id, mailId: first.items[1]!.id });
    expect(mail).toMatchObject({ subject: 'mail 2', to: ['ann@shop.test'], text: 'mail 2' });
    expect(mail.headers).toContainEqual({
      name: 'List-Unsubscribe',
      value: '<https://app.test/api/unsubscribe/t>',
    });
    expect(await caller.mailbox.status({ workspaceId: workspace.id })).toHaveProperty('catching');
  });

  it('keeps other workspaces’ mail and callers out, and checks input per field', async () => {
    const [owner, stranger] = [await createUser(), await createUser()];
    const workspace = await createTestWorkspace(getDb(), { ownerUserId: owner.id });
    const own = await createTestWorkspace(getDb(), { ownerUserId: stranger.id });
    const mail = await catchMail(workspace.id, 'private', new Date());

    const outsider = callerFor(stranger);
    expect((await rejection(outsider.mailbox.list({ workspaceId: workspace.id }))).code).toBe('NOT_FOUND');
    expect((await rejection(outsider.mailbox.get({ workspaceId: workspace.id, mailId: mail.id }))).code).toBe(
      'NOT_FOUND',
    );
    // Asked through their own workspace, the other workspace's mail does not exist.
    expect((await rejection(outsider.mailbox.get({ workspaceId: own.id, mailId: mail.id }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await outsider.mailbox.list({ workspaceId: own.id })).items).toEqual([]);
    const anonymous = createCaller(createContextInner({ session: null }));
    expect((await rejection(anonymous.mailbox.list({ workspaceId: workspace.id }))).code).toBe(
      'UNAUTHORIZED',
    );

    const badId = await rejection(
      callerFor(owner).mailbox.get({ workspaceId: workspace.id, mailId: 'not-a-uuid' }),
    );
    expect(badId.code).toBe('BAD_REQUEST');
    expect(z.flattenError(badId.cause as ZodError).fieldErrors).toHaveProperty('mailId');
    const badLimit = await rejection(callerFor(owner).mailbox.list({ workspaceId: workspace.id, limit: 0 }));
    expect(z.flattenError(badLimit.cause as ZodError).fieldErrors).toHaveProperty('limit');
  });
});

import { resetEnv } from '@nudgeflow/config';
import { addMember, createPasswordUser, openWorkspaceSecrets, type Role } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { hashPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '~/server/testing/router-fixtures';
import { getAuth, getSessionUser } from '../../auth';
import { stopTestSendCatcher } from '../../mailbox/mailbox-catcher';
import { POST as acceptRoute } from '~/app/api/invitations/[token]/route';
import { createCaller } from '../root';
import { createContextInner } from '../trpc';

/**
 * The team through createCaller and the accept route on real Postgres, with the invitation mail going
 * through the real SMTP catcher into the Mailbox: invite → mail → accept (new account or existing one),
 * single-use and expiring tokens, role changes, the last-owner guard, removal signing the member out, and
 * workspaces that are not the caller's staying out of reach.
 */
const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct horse battery';

beforeAll(() => {
  process.env.AUTH_SECRET ??= 'an-integration-test-secret-of-some-length';
  process.env.PUBLIC_URL = ORIGIN;
  resetEnv();
});
afterAll(async () => {
  await stopTestSendCatcher();
  await closeSharedDb();
});

type User = { id: string; email: string; name: string };

async function passwordUser(name = 'Ann'): Promise<User> {
  const email = `${uniqueTestId('team')}@shop.test`;
  const id = await createPasswordUser(getDb(), { email, name, passwordHash: await hashPassword(PASSWORD) });
  return { id, email, name };
}

function callerFor(user: User) {
  return createCaller(createContextInner({ session: { user } }));
}

async function workspaceWith(members: Array<[User, Role]>): Promise<string> {
  const workspace = await createTestWorkspace(getDb());
  for (const [user, role] of members) await addMember(getDb(), workspace.id, user.id, role);
  return workspace.id;
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

async function signIn(email: string, password = PASSWORD): Promise<string> {
  const response = await getAuth().handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = response.headers.getSetCookie().find((value) => value.includes('session_token='));
  if (!cookie) throw new Error(`sign-in failed (status ${response.status})`);
  return cookie.split(';')[0]!;
}

function accept(token: string, body: unknown, cookie?: string): Promise<Response> {
  return acceptRoute(
    new Request(`${ORIGIN}/api/invitations/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ token }) },
  );
}

/** The accept link of the newest invitation mail to `email` in the workspace's Mailbox. */
async function mailedToken(owner: User, workspaceId: string, email: string): Promise<string> {
  const caller = callerFor(owner);
  const list = await caller.mailbox.list({ workspaceId });
  const item = list.items.find((mail) => mail.to.includes(email));
  expect(item, `no invitation mail to ${email}`).toBeDefined();
  const mail = await caller.mailbox.get({ workspaceId, mailId: item!.id });
  const link = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail!.text ?? '');
  expect(link, 'the mail carries no accept link').not.toBeNull();
  expect(mail!.html).toContain(`${ORIGIN}/invite/${link![1]}`);
  return link![1]!;
}

async function statusAndError(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error?: { message: string } };
  return [response.status, body.error?.message ?? ''];
}

describe('invitations', () => {
  it('invite → mail in the Mailbox → the invitee sets a password, joins with the role, and can sign in', async () => {
    const owner = await passwordUser('Olivia Owner');
    const workspaceId = await workspaceWith([[owner, 'OWNER']]);
    const email = `${uniqueTestId('new')}@Shop.test`;
    const caller = callerFor(owner);

    const invitation = await caller.team.invite({ workspaceId, email, role: 'MARKETER' });
    expect(invitation.email).toBe(email.toLowerCase());
    expect(JSON.stringify(invitation)).not.toContain('tokenHash');
    const pending = await caller.team.invitations({ workspaceId });
    expect(pending).toMatchObject([
      { email: email.toLowerCase(), role: 'MARKETER', invitedBy: { name: 'Olivia Owner' } },
    ]);

    const token = await mailedToken(owner, workspaceId, email.toLowerCase());
    const stored = await getDb().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(stored.tokenHash).not.toContain(token);

    const accepted = await accept(token, { name: 'Marta Marketer', password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ workspaceId, email: email.toLowerCase() });

    const members = await caller.team.members({ workspaceId });
    expect(members.map((member) => [member.name, member.role])).toEqual([
      ['Olivia Owner', 'OWNER'],
      ['Marta Marketer', 'MARKETER'],
    ]);
    expect(await caller.team.invitations({ workspaceId })).toEqual([]);
    // The new account works with better-auth's own sign-in.
    const cookie = await signIn(email.toLowerCase());
    expect((await getSessionUser(new Headers({ cookie })))?.name).toBe('Marta Marketer');

    // Single use: the same link again is refused and creates nothing.
    expect(
      await statusAndError(await accept(token, { name: 'Mallory', password: 'another password' })),
    ).toEqual([410, 'this invitation was already used']);
  });

  it('refuses an expired token, an unknown one, and a short password, with the field at fault', async () => {
    const owner = await passwordUser();
    const workspaceId = await workspaceWith([[owner, 'OWNER']]);
    const email = `${uniqueTestId('late')}@shop.test`;
    const invitation = await callerFor(owner).team.invite({ workspaceId, email, role: 'SUPPORT' });
    const token = await mailedToken(owner, workspaceId, email);
    const tooShort = await accept(token, { name: 'Sam', password: 'short' });
    expect(tooShort.status).toBe(400);
    expect(((await tooShort.json()) as { error: { field: string } }).error.field).toBe('password');

    await getDb().invitation.update({
      where: { id: invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await statusAndError(await accept(token, { name: 'Sam', password: PASSWORD }))).toEqual([
      410,
      'this invitation has expired: ask for a new one',
    ]);
    expect(await getDb().user.count({ where: { email } })).toBe(0);
    expect((await accept('A'.repeat(43), { name: 'Sam', password: PASSWORD })).status).toBe(404);
    expect((await accept('not-a-token', { name: 'Sam', password: PASSWORD })).status).toBe(404);
  });

  it('an existing user signs in and joins; another signed-in user cannot use their link', async () => {
    const owner = await passwordUser();
    const workspaceId = await workspaceWith([[owner, 'OWNER']]);
    const invitee = await passwordUser('Dev');
    const stranger = await passwordUser('Stranger');
    await callerFor(owner).team.invite({ workspaceId, email: invitee.email, role: 'DEVELOPER' });
    const token = await mailedToken(owner, workspaceId, invitee.email);

    expect((await accept(token, { name: 'Dev', password: PASSWORD })).status).toBe(409);
    expect((await accept(token, {})).status).toBe(401);
    expect((await accept(token, {}, await signIn(stranger.email))).status).toBe(403);
    const joined = await accept(token, {}, await signIn(invitee.email));
    expect(joined.status).toBe(200);
    const workspaces = await callerFor(invitee).workspace.list();
    expect(workspaces.find((workspace) => workspace.id === workspaceId)?.role).toBe('DEVELOPER');
  });

  it('resend issues a new link (the old one stops working); revoke kills the link; duplicates are refused', async () => {
    const owner = await passwordUser();
    const workspaceId = await workspaceWith([[owner, 'OWNER']]);
    const email = `${uniqueTestId('again')}@shop.test`;
    const caller = callerFor(owner);
    const invitation = await caller.team.invite({ workspaceId, email, role: 'MARKETER' });
    const first = await mailedToken(owner, workspaceId, email);

    const duplicate = await rejection(caller.team.invite({ workspaceId, email, role: 'ADMIN' }));
    expect(duplicate.code).toBe('BAD_REQUEST');
    expect(duplicate.message).toBe('already has a pending invitation: resend it instead');
    const member = await rejection(caller.team.invite({ workspaceId, email: owner.email, role: 'ADMIN' }));
    expect(member.message).toBe('is already a member of this workspace');

    await caller.team.resendInvitation({ workspaceId, invitationId: invitation.id });
    const mails = await caller.mailbox.list({ workspaceId });
    expect(mails.items.filter((mail) => mail.to.includes(email))).toHaveLength(2);
    const second = await mailedToken(owner, workspaceId, email);
    expect(second).not.toBe(first);
    expect((await accept(first, { name: 'Old', password: PASSWORD })).status).toBe(404);

    await caller.team.revokeInvitation({ workspaceId, invitationId: invitation.id });
    expect((await accept(second, { name: 'New', password: PASSWORD })).status).toBe(404);
    expect(await caller.team.invitations({ workspaceId })).toEqual([]);
  });
});

describe('roles and removal', () => {
  it('changes a role; only owners grant or take the owner role', async () => {
    const owner = await passwordUser();
    const admin = await passwordUser();
    const marketer = await passwordUser();
    const workspaceId = await workspaceWith([
      [owner, 'OWNER'],
      [admin, 'ADMIN'],
      [marketer, 'MARKETER'],
    ]);
    await callerFor(admin).team.changeRole({ workspaceId, userId: marketer.id, role: 'SUPPORT' });
    const byAdmin = await rejection(
      callerFor(admin).team.changeRole({ workspaceId, userId: admin.id, role: 'OWNER' }),
    );
    expect(byAdmin.code).toBe('FORBIDDEN');
    const demoteOwner = await rejection(
      callerFor(admin).team.changeRole({ workspaceId, userId: owner.id, role: 'MARKETER' }),
    );
    expect(demoteOwner.code).toBe('FORBIDDEN');
    const inviteOwner = await rejection(
      callerFor(admin).team.invite({ workspaceId, email: `${uniqueTestId('o')}@shop.test`, role: 'OWNER' }),
    );
    expect(inviteOwner.code).toBe('FORBIDDEN');
    await callerFor(owner).team.changeRole({ workspaceId, userId: admin.id, role: 'OWNER' });
    const roles = Object.fromEntries(
      (await callerFor(owner).team.members({ workspaceId })).map((member) => [member.userId, member.role]),
    );
    expect(roles).toEqual({ [owner.id]: 'OWNER', [admin.id]: 'OWNER', [marketer.id]: 'SUPPORT' });
  });

  it('refuses to demote or remove the last owner, with a clear error; with two owners one may go', async () => {
    const owner = await passwordUser();
    const second = await passwordUser();
    const workspaceId = await workspaceWith([
      [owner, 'OWNER'],
      [second, 'ADMIN'],
    ]);
    const caller = callerFor(owner);
    const demote = await rejection(caller.team.changeRole({ workspaceId, userId: owner.id, role: 'ADMIN' }));
    expect(demote.code).toBe('BAD_REQUEST');
    expect(demote.message).toBe('cannot demote the last owner: make another member owner first');
    const remove = await rejection(caller.team.removeMember({ workspaceId, userId: owner.id }));
    expect(remove.message).toBe('cannot remove the last owner: make another member owner first');

    // Concurrent demotions of the only two owners: one wins, the workspace keeps an owner.
    await caller.team.changeRole({ workspaceId, userId: second.id, role: 'OWNER' });
    const results = await Promise.allSettled([
      caller.team.changeRole({ workspaceId, userId: owner.id, role: 'ADMIN' }),
      callerFor(second).team.changeRole({ workspaceId, userId: second.id, role: 'ADMIN' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const owners = await getDb().membership.count({ where: { workspaceId, role: 'OWNER' } });
    expect(owners).toBe(1);
  });

  it('removing a member deletes their membership and signs them out everywhere', async () => {
    const owner = await passwordUser();
    const member = await passwordUser();
    const workspaceId = await workspaceWith([
      [owner, 'OWNER'],
      [member, 'MARKETER'],
    ]);
    const cookie = await signIn(member.email);
    expect((await getSessionUser(new Headers({ cookie })))?.id).toBe(member.id);

    const ownerCookie = await signIn(owner.email);
    await callerFor(owner).team.removeMember({ workspaceId, userId: member.id });
    expect(await getSessionUser(new Headers({ cookie }))).toBeNull();
    expect((await getSessionUser(new Headers({ cookie: ownerCookie })))?.id).toBe(owner.id);
    const gone = await rejection(callerFor(member).team.members({ workspaceId }));
    expect(gone.code).toBe('NOT_FOUND');
    expect((await callerFor(owner).team.members({ workspaceId })).map((m) => m.userId)).toEqual([owner.id]);
  });
});

describe('workspaces', () => {
  it('creates a workspace with its own keys and the creator as owner; others cannot reach it', async () => {
    const creator = await passwordUser();
    const outsider = await passwordUser();
    const home = await workspaceWith([[creator, 'OWNER']]);
    const created = await callerFor(creator).workspace.create({ name: '  Second shop  ' });
    expect(created.name).toBe('Second shop');
    const [first, second] = await getDb().workspace.findMany({ where: { id: { in: [home, created.id] } } });
    for (const key of ['writeKey', 'vapidPublicKey'] as const) expect(first![key]).not.toBe(second![key]);
    const [firstSecrets, secondSecrets] = [openWorkspaceSecrets(first!), openWorkspaceSecrets(second!)];
    for (const key of ['vapidPrivateKey', 'signingSecret'] as const)
      expect(firstSecrets[key]).not.toBe(secondSecrets[key]);
    expect(first!.identitySecret).not.toBe(second!.identitySecret);
    const list = await callerFor(creator).workspace.list();
    expect(list.map((workspace) => [workspace.id, workspace.role])).toEqual([
      [home, 'OWNER'],
      [created.id, 'OWNER'],
    ]);
    const blank = await rejection(callerFor(creator).workspace.create({ name: '   ' }));
    expect(blank.code).toBe('BAD_REQUEST');

    for (const attempt of [
      () => callerFor(outsider).team.members({ workspaceId: created.id }),
      () =>
        callerFor(outsider).team.invite({ workspaceId: created.id, email: outsider.email, role: 'OWNER' }),
      () => callerFor(outsider).team.removeMember({ workspaceId: created.id, userId: creator.id }),
    ]) {
      const refused = await rejection(attempt());
      expect(refused.code).toBe('NOT_FOUND');
      expect(refused.message).toBe('workspace not found');
    }
  });

  it('an owner of one workspace cannot touch members or invitations of another through their own', async () => {
    const ownerA = await passwordUser();
    const ownerB = await passwordUser();
    const memberB = await passwordUser();
    const workspaceA = await workspaceWith([[ownerA, 'OWNER']]);
    const workspaceB = await workspaceWith([
      [ownerB, 'OWNER'],
      [memberB, 'MARKETER'],
    ]);
    const invitationB = await callerFor(ownerB).team.invite({
      workspaceId: workspaceB,
      email: `${uniqueTestId('b')}@shop.test`,
      role: 'MARKETER',
    });
    const caller = callerFor(ownerA);
    const cookie = await signIn(memberB.email);
    for (const attempt of [
      () => caller.team.removeMember({ workspaceId: workspaceA, userId: memberB.id }),
      () => caller.team.changeRole({ workspaceId: workspaceA, userId: memberB.id, role: 'SUPPORT' }),
      () => caller.team.revokeInvitation({ workspaceId: workspaceA, invitationId: invitationB.id }),
      () => caller.team.resendInvitation({ workspaceId: workspaceA, invitationId: invitationB.id }),
    ]) {
      expect((await rejection(attempt())).code).toBe('NOT_FOUND');
    }
    expect(
      await getDb().membership.findFirst({ where: { workspaceId: workspaceB, userId: memberB.id } }),
    ).toMatchObject({
      role: 'MARKETER',
    });
    expect((await getSessionUser(new Headers({ cookie })))?.id).toBe(memberB.id);
    expect(await callerFor(ownerB).team.invitations({ workspaceId: workspaceB })).toHaveLength(1);
  });
});

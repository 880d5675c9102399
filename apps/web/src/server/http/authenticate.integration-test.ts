import { signLinkToken } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { closeDb, closeSharedDb, createApiKey, createDb, createPasswordUser, type Db } from '@nudgeflow/db';
import { createTestWorkspace, uniqueTestId } from '@nudgeflow/db/testing';
import { hashPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuth } from '../auth';
import { authenticate, type Credential } from './authenticate';
import { HttpError } from './responses';

/** Each credential `authenticate` accepts, against real keys, a real better-auth session and signed links. */
describe('authenticate', () => {
  let db: Db;
  let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  let apiKey: string;
  let cookie: string;
  let userId: string;

  beforeAll(async () => {
    db = createDb(env().DATABASE_URL);
    workspace = await createTestWorkspace(db);
    other = await createTestWorkspace(db);
    apiKey = (await createApiKey(db, { workspaceId: workspace.id, name: 'edge' })).plainKey;
    // Sign-up is closed: accounts are created as the seed and invitations create them, then sign in.
    const email = `${uniqueTestId('edge')}@example.com`;
    const password = 'correct horse battery';
    userId = await createPasswordUser(db, {
      email,
      name: 'Edge',
      passwordHash: await hashPassword(password),
    });
    const signedIn = await getAuth().api.signInEmail({ body: { email, password }, asResponse: true });
    cookie = signedIn.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
    expect(cookie).toContain('session_token=');
    await db.membership.create({ data: { workspaceId: workspace.id, userId, role: 'MARKETER' } });
  });

  afterAll(async () => {
    await db.workspace.deleteMany({ where: { id: { in: [workspace.id, other.id] } } });
    await db.user.deleteMany({ where: { id: userId } });
    await closeDb(db);
    await closeSharedDb();
  });

  const request = (headers: Record<string, string> = {}) =>
    new Request('http://nudgeflow.test/anything', { method: 'POST', headers });
  const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

  async function refusal(promise: Promise<unknown>): Promise<{ status: number; field: string }> {
    const error = await promise.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(HttpError);
    const { status, errors } = error as HttpError;
    return { status, field: errors[0]!.field };
  }

  it('takes a secret API key in any of its three places, and only where API keys are accepted', async () => {
    const accept: Credential[] = ['api-key'];
    for (const headers of <Record<string, string>[]>[
      { authorization: `Bearer ${apiKey}` },
      { 'x-api-key': apiKey },
      { authorization: basic(apiKey) },
    ]) {
      expect(await authenticate(request(headers), { accept })).toMatchObject({
        workspaceId: workspace.id,
        via: 'api-key',
        actor: expect.stringMatching(/^apikey:/),
      });
    }
    expect(
      await refusal(authenticate(request({ authorization: `Bearer ${apiKey}` }), { accept: ['write-key'] })),
    ).toEqual({ status: 401, field: 'authorization' });
    expect(
      await refusal(authenticate(request({ authorization: `Bearer nf_sk_${'x'.repeat(43)}` }), { accept })),
    ).toEqual({ status: 401, field: 'authorization' });
    expect(await refusal(authenticate(request({ authorization: 'Basic !!!' }), { accept }))).toEqual({
      status: 401,
      field: 'authorization',
    });
  });

  it('takes the public write key from Basic auth or the body, never where only secrets will do', async () => {
    const accept: Credential[] = ['write-key'];
    expect(
      await authenticate(request({ authorization: basic(workspace.writeKey) }), { accept }),
    ).toMatchObject({
      workspaceId: workspace.id,
      via: 'write-key',
    });
    expect(await authenticate(request(), { accept, bodyWriteKey: workspace.writeKey })).toMatchObject({
      workspaceId: workspace.id,
    });
    expect(await refusal(authenticate(request(), { accept, bodyWriteKey: 'wk_unknown' }))).toEqual({
      status: 401,
      field: 'writeKey',
    });
    expect(await refusal(authenticate(request(), { accept }))).toEqual({ status: 401, field: 'writeKey' });
    expect(
      await refusal(
        authenticate(request({ authorization: basic(workspace.writeKey) }), { accept: ['api-key'] }),
      ),
    ).toEqual({ status: 401, field: 'authorization' });
  });

  it('takes a session of a member of the addressed workspace only', async () => {
    const accept: Credential[] = ['session'];
    expect(await authenticate(request({ cookie }), { accept, workspaceId: workspace.id })).toEqual({
      workspaceId: workspace.id,
      via: 'session',
      actor: `user:${userId}`,
    });
    expect(await refusal(authenticate(request({ cookie }), { accept, workspaceId: other.id }))).toEqual({
      status: 401,
      field: 'authorization',
    });
    expect(await refusal(authenticate(request(), { accept, workspaceId: workspace.id }))).toEqual({
      status: 401,
      field: 'authorization',
    });
  });

  it('takes a link signed with its workspace secret, and refuses a forged one as an invalid link', async () => {
    const link = { k: 'o', w: workspace.id, s: '00000000-0000-4000-8000-000000000001' } as const;
    const token = signLinkToken(link, workspace.signingSecret);
    expect(await authenticate(request(), { accept: ['signed-token'], token })).toMatchObject({
      workspaceId: workspace.id,
      via: 'signed-token',
      link,
    });
    const forged = signLinkToken(link, other.signingSecret);
    expect(await refusal(authenticate(request(), { accept: ['signed-token'], token: forged }))).toEqual({
      status: 400,
      field: 'token',
    });
  });
});

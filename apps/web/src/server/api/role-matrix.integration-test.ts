import {
  addMember,
  createApiKey,
  openWorkspaceSecrets,
  recordIdentityRefusals,
  saveChannelSettings,
  type Role,
} from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedDb, createTestWorkspace, getDb, uniqueTestId } from '../testing/router-fixtures';
import { stopTestSendCatcher } from '../mailbox/mailbox-catcher';
import { closeAuthoringDeps } from '../templates/authoring';
import { PERMISSIONS } from './permissions';
import { appRouter, createCaller } from './root';
import { ALL_ROLES, createContextInner, type ProcedureMeta } from './trpc';

/**
 * The role matrix, enforced: every tRPC procedure × every role, in the caller's workspace and in a
 * foreign one. Allowed where permissions.ts says, FORBIDDEN otherwise, and a workspace the caller is not a
 * member of is NOT_FOUND for everyone. No response carries a secret (signing or identity secret, VAPID private key,
 * API key hashes or keys).
 */

const SMTP_PASSWORD = 'matrix-smtp-password-9f3a71';
const SMS_TOKEN = 'matrix-sms-auth-token-5c2e04';

/**
 * Procedures that take no workspace: they only read the caller's own data, or (workspace.create) make a
 * new workspace owned by the caller (team.integration-test.ts checks it).
 */
const NOT_WORKSPACE_SCOPED = new Set(['workspace.list', 'workspace.create']);

/** A customer of the caller's workspace, so the customer procedures answer with a whole profile. */
const SAMPLE_CUSTOMER_ID = randomUUID();

/** Inputs that let a procedure succeed, so its response can be checked for secrets. */
const SAMPLE_INPUT: Record<string, Record<string, unknown>> = {
  // The profile reads the sending context (which holds the workspace's secrets): none may reach a response.
  'customers.profile': { customerId: SAMPLE_CUSTOMER_ID },
  'customers.timeline': { customerId: SAMPLE_CUSTOMER_ID },
  'customers.export': { customerId: SAMPLE_CUSTOMER_ID },
  // A wrong confirmation: allowed roles get past the gate to the handler's refusal, and nothing is erased.
  'customers.erase': { customerId: SAMPLE_CUSTOMER_ID, confirmation: 'not the phrase' },
  'settings.createApiKey': { name: 'matrix' },
  'settings.saveGovernance': { governance: {} },
  'settings.setIdentityVerification': { required: true },
  // A reachable SMTP server is not needed to save; the secrets in it must never come back.
  'settings.saveChannelSettings': {
    channel: 'email',
    values: {
      host: 'smtp.matrix.test',
      port: 587,
      user: 'matrix',
      password: SMTP_PASSWORD,
      fromAddress: 'm@matrix.test',
    },
  },
  'settings.clearChannelSettings': { channel: 'sms' },
  // Past the gate the recipient is checked before anything is sent: BAD_REQUEST, never a send.
  'settings.sendChannelTest': { channel: 'webhook', to: 'not a url' },
  'settings.rotateWriteKey': {},
  'segments.preview': { definition: { condition: { kind: 'reachable', channel: 'any' } } },
  // The invitation mail goes to the web app's SMTP catcher (no SMTP_URL in tests).
  'team.invite': { email: 'matrix-invitee@shop.test', role: 'MARKETER' },
  'team.changeRole': { userId: 'not-a-member', role: 'MARKETER' },
  'team.removeMember': { userId: 'not-a-member' },
  'team.resendInvitation': { invitationId: '00000000-0000-4000-8000-000000000000' },
  'team.revokeInvitation': { invitationId: '00000000-0000-4000-8000-000000000000' },
  'segments.create': {
    name: 'Matrix segment',
    definition: { condition: { kind: 'trait', path: 'country', op: 'eq', value: 'DE' } },
  },
};

type Procedures = Record<string, { _def: { meta?: ProcedureMeta; type: string } }>;
const procedures = (appRouter._def as unknown as { procedures: Procedures }).procedures;

function call(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (procedure as (input: unknown) => Promise<unknown>)(input);
}

async function outcome(
  promise: Promise<unknown>,
): Promise<{ ok: true; value: unknown } | { ok: false; error: TRPCError }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return { ok: false, error: error as TRPCError };
  }
}

describe('role matrix', () => {
  const db = getDb();
  let workspaceId: string;
  let foreignId: string;
  const secrets: string[] = [];
  const users = new Map<Role, { id: string; email: string; name: string }>();

  beforeAll(async () => {
    const workspace = await createTestWorkspace(db);
    const foreign = await createTestWorkspace(db);
    workspaceId = workspace.id;
    foreignId = foreign.id;
    for (const key of [workspace, foreign]) {
      const apiKey = await createApiKey(db, { workspaceId: key.id, name: 'existing' });
      const stored = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.apiKey.id } });
      secrets.push(
        key.signingSecret,
        key.identitySecret,
        key.vapidPrivateKey,
        apiKey.plainKey,
        stored.hashedKey,
      );
      await saveChannelSettings(db, {
        workspaceId: key.id,
        channel: 'sms',
        settings: { baseUrl: 'https://sms.matrix.test', accountSid: 'AC1', from: '+15550001111' },
        secrets: { authToken: SMS_TOKEN },
      });
    }
    secrets.push(SMTP_PASSWORD, SMS_TOKEN);
    await db.customer.create({
      data: { id: SAMPLE_CUSTOMER_ID, workspaceId, userId: 'matrix-customer', email: 'matrix@shop.test' },
    });
    // A customer with a recorded identity refusal, so customers.identityRefusals answers with data.
    const customer = await db.customer.create({ data: { workspaceId, userId: uniqueTestId('shopper') } });
    await db.customerIdentity.create({
      data: { workspaceId, kind: 'USER_ID', value: customer.userId!, customerId: customer.id },
    });
    await recordIdentityRefusals(db, [
      {
        workspaceId,
        claimedUserId: customer.userId!,
        anonymousId: 'a-1',
        reason: 'missing-proof',
        source: 'test',
      },
    ]);
    SAMPLE_INPUT['customers.identityRefusals'] = { customerId: customer.id };
    for (const role of ALL_ROLES) {
      const id = uniqueTestId(role.toLowerCase());
      const user = await db.user.create({
        data: { id, name: role, email: `${id}@nudgeflow.test`, emailVerified: true },
      });
      await addMember(db, workspaceId, user.id, role);
      users.set(role, { id: user.id, email: user.email, name: user.name });
    }
  });

  afterAll(async () => {
    await db.workspace.deleteMany({ where: { id: { in: [workspaceId, foreignId] } } });
    await db.user.deleteMany({ where: { id: { in: [...users.values()].map((user) => user.id) } } });
    await stopTestSendCatcher();
    await closeAuthoringDeps();
    await closeSharedDb();
  });

  it('tags every workspace procedure with a permission of the matrix', () => {
    const paths = Object.keys(procedures);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      if (NOT_WORKSPACE_SCOPED.has(path)) continue;
      const permission = procedures[path]!._def.meta?.permission;
      expect(permission, `${path} names no permission`).toBeDefined();
      expect(Object.keys(PERMISSIONS)).toContain(permission);
    }
  });

  for (const path of Object.keys(procedures).filter((path) => !NOT_WORKSPACE_SCOPED.has(path))) {
    it(`${path}: allowed roles pass, others are refused, a foreign workspace is not found`, async () => {
      const permission = procedures[path]!._def.meta!.permission!;
      for (const role of ALL_ROLES) {
        const user = users.get(role)!;
        const caller = createCaller(createContextInner({ session: { user } }));
        const input = { ...SAMPLE_INPUT[path], workspaceId };
        const result = await outcome(call(caller, path, input));
        const allowed = (PERMISSIONS[permission] as readonly Role[]).includes(role);
        if (allowed) {
          // Past the gate: it succeeded, or the handler itself answered (a missing id, invalid input).
          if (!result.ok) {
            expect(result.error.code, `${role} on ${path}: ${result.error.message}`).not.toBe('FORBIDDEN');
            expect(result.error.message).not.toBe('workspace not found');
          } else {
            const body = JSON.stringify(result.value) ?? '';
            for (const secret of secrets)
              expect(body, `${path} leaks a secret to ${role}`).not.toContain(secret);
          }
        } else {
          expect(result.ok, `${role} may not call ${path}`).toBe(false);
          if (!result.ok) expect(result.error.code).toBe('FORBIDDEN');
        }

        const foreign = await outcome(call(caller, path, { ...SAMPLE_INPUT[path], workspaceId: foreignId }));
        expect(foreign.ok, `${role} reached the foreign workspace through ${path}`).toBe(false);
        if (!foreign.ok) {
          expect(foreign.error.code).toBe('NOT_FOUND');
          expect(foreign.error.message).toBe('workspace not found');
        }
      }
    });
  }

  it('answers the sample customer procedures for real, so the secret check above reads whole responses', async () => {
    const caller = createCaller(createContextInner({ session: { user: users.get('OWNER')! } }));
    for (const path of ['customers.profile', 'customers.timeline', 'customers.export']) {
      const result = await outcome(call(caller, path, { ...SAMPLE_INPUT[path], workspaceId }));
      expect(result.ok, `${path} failed`).toBe(true);
    }
    const erase = await outcome(
      call(caller, 'customers.erase', { ...SAMPLE_INPUT['customers.erase'], workspaceId }),
    );
    expect(erase.ok).toBe(false);
    if (!erase.ok) expect(erase.error.code).toBe('BAD_REQUEST');
    expect(await db.customer.count({ where: { id: SAMPLE_CUSTOMER_ID } })).toBe(1);
  });

  it('no settings or workspace response carries a secret, before or after regenerating one', async () => {
    const owner = users.get('OWNER')!;
    const caller = createCaller(createContextInner({ session: { user: owner } }));
    const paths = Object.keys(procedures).filter(
      (path) => path.startsWith('settings.') || path.startsWith('workspace.'),
    );
    const bodies: string[] = [];
    for (const path of paths) {
      const result = await outcome(call(caller, path, { ...SAMPLE_INPUT[path], workspaceId }));
      bodies.push(JSON.stringify(result.ok ? result.value : result.error.message) ?? '');
    }
    // Regenerated on the way: today's secret is checked as well as the ones from before.
    const row = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    const current = openWorkspaceSecrets(row);
    const all = [...secrets, current.signingSecret, current.vapidPrivateKey, row.signingSecretSealed];
    expect(bodies.length).toBe(paths.length);
    expect(paths).toContain('settings.channels');
    for (const [index, body] of bodies.entries())
      for (const secret of all) expect(body, `${paths[index]} leaks a secret`).not.toContain(secret);
  });

  it('refuses callers who are not signed in', async () => {
    const caller = createCaller(createContextInner({ session: null }));
    for (const path of Object.keys(procedures)) {
      const result = await outcome(call(caller, path, { workspaceId }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNAUTHORIZED');
    }
  });
});

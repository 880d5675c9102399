import { createApiKey } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { appRouter, createCaller } from '../api/root';
import { createContextInner } from '../api/trpc';
import {
  closeSharedDb,
  createTestWorkspace,
  getDb,
  ingestMessages,
  parseIngestBodyForTests,
  uniqueTestId,
} from '../testing/router-fixtures';

/**
 * Attack suite: insecure direct object references in tRPC. The role matrix test
 * (api/role-matrix.integration-test.ts) checks that a foreign `workspaceId` is NOT_FOUND; this one is its
 * complement: an owner of workspace A calls every procedure (enumerated from the appRouter, so a new one
 * cannot be missed) with A's `workspaceId` but ANOTHER workspace's ids (journey, template, segment,
 * customer, API key, caught mail). No response may carry B's data, nothing of B may change, and nothing of
 * B's may be copied into A.
 */
const db = getDb();
const MARKER = `FOREIGN${uniqueTestId('x').replace(/-/g, '')}`;

type Procedures = Record<string, { _def: { inputs?: unknown[] } }>;
const procedures = (appRouter._def as unknown as { procedures: Procedures }).procedures;

/** The id fields a procedure input may carry, and which of B's rows fills each. */
const ID_FIELDS = [
  'customerId',
  'selfCustomerId',
  'journeyId',
  'templateId',
  'segmentId',
  'apiKeyId',
  'mailId',
  'invitationId',
  // A member of B only: team procedures must not change or remove B's members through A.
  'userId',
] as const;
type IdField = (typeof ID_FIELDS)[number];
/** Id-like fields that do not name a workspace's row. */
const NOT_WORKSPACE_ROWS = new Set(['workspaceId', 'galleryId', 'nodeId']);

/** Inputs that pass validation, so each call reaches the handler's own lookup. */
const SAMPLE: Record<string, Record<string, unknown>> = {
  'templates.save': {
    name: 'Attack',
    channel: 'sms',
    content: { variants: { en: { body: 'hi' } } },
  },
  'templates.preview': {},
  'templates.testSend': {},
  'segments.update': { name: 'Attack' },
  'segments.preview': { definition: { condition: { kind: 'reachable', channel: 'any' } } },
  'journeyEditor.saveChange': {
    baseRevision: 1,
    kind: 'edit',
    label: 'attack',
    patches: [{ op: 'replace', path: ['name'], value: 'Renamed by an attacker' }],
    inversePatches: [],
  },
  'journeyEditor.migrate': { fromVersion: 1 },
  'journeyEditor.version': { version: 1 },
  'journeyEditor.restoreVersion': { version: 1, baseRevision: 1 },
  'journeyEditor.waitingAt': { nodeId: 'trigger' },
  'customers.erase': { confirmation: 'anything' },
  'team.changeRole': { role: 'MARKETER' },
};

function inputKeys(path: string): string[] {
  return (procedures[path]!._def.inputs ?? []).flatMap((input) => {
    const shape = (input as { shape?: Record<string, unknown> }).shape;
    return shape ? Object.keys(shape) : [];
  });
}

function call(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (procedure as (input: unknown) => Promise<unknown>)(input);
}

let ownId: string;
let foreignId: string;
let attacker: ReturnType<typeof createCaller>;
const foreignIds = {} as Record<IdField, string>;

/** Every row of B an attack could change or copy, as it is now. */
async function foreignState() {
  const where = { workspaceId: foreignId };
  return JSON.stringify(
    await Promise.all([
      db.journey.findMany({ where, orderBy: { id: 'asc' } }),
      db.template.findMany({ where, orderBy: { id: 'asc' } }),
      db.segment.findMany({ where, orderBy: { id: 'asc' } }),
      db.customer.findMany({ where, orderBy: { id: 'asc' } }),
      db.apiKey.findMany({ where, orderBy: { id: 'asc' } }),
      db.caughtEmail.findMany({ where, orderBy: { id: 'asc' } }),
      db.invitation.findMany({ where, orderBy: { id: 'asc' } }),
      db.membership.findMany({ where, orderBy: { id: 'asc' } }),
      db.messageSend.count({ where }),
      db.consentChange.count({ where: { customer: where } }),
    ]),
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
  );
}

beforeAll(async () => {
  const users = await Promise.all(
    ['attacker', 'victim'].map((name) => {
      const id = uniqueTestId(name);
      return db.user.create({ data: { id, name, email: `${id}@nudgeflow.test`, emailVerified: true } });
    }),
  );
  const [attackerUser, victimUser] = users as [(typeof users)[0], (typeof users)[0]];
  ownId = (await createTestWorkspace(db, { ownerUserId: attackerUser.id })).id;
  foreignId = (await createTestWorkspace(db, { ownerUserId: victimUser.id })).id;
  attacker = createCaller(
    createContextInner({
      session: { user: { id: attackerUser.id, email: attackerUser.email, name: attackerUser.name } },
    }),
  );
  const victim = createCaller(
    createContextInner({
      session: { user: { id: victimUser.id, email: victimUser.email, name: victimUser.name } },
    }),
  );

  // B's rows, each carrying the marker where it has a name.
  await ingestMessages(
    db,
    parseIngestBodyForTests([
      { type: 'identify', userId: `${MARKER}-user`, traits: { email: `${MARKER}@shop.test`, name: MARKER } },
    ]),
    { workspaceId: foreignId },
  );
  foreignIds.customerId = (await db.customer.findFirstOrThrow({ where: { workspaceId: foreignId } })).id;
  foreignIds.selfCustomerId = foreignIds.customerId;
  const journey = (await victim.journeys.createBlank({
    workspaceId: foreignId,
    name: `${MARKER} journey`,
  })) as {
    id: string;
  };
  foreignIds.journeyId = journey.id;
  await victim.templates.save({
    workspaceId: foreignId,
    name: `${MARKER} template`,
    channel: 'sms',
    content: { variants: { en: { body: `${MARKER} body` } } },
  });
  foreignIds.templateId = (await db.template.findFirstOrThrow({ where: { workspaceId: foreignId } })).id;
  const segment = (await victim.segments.create({
    workspaceId: foreignId,
    name: `${MARKER} segment`,
    definition: { condition: { kind: 'trait', path: 'traits.name', op: 'eq', value: MARKER } },
  })) as { id: string };
  foreignIds.segmentId = segment.id;
  foreignIds.apiKeyId = (await createApiKey(db, { workspaceId: foreignId, name: `${MARKER} key` })).apiKey.id;
  foreignIds.userId = victimUser.id;
  foreignIds.invitationId = (
    await db.invitation.create({
      data: {
        workspaceId: foreignId,
        email: `${MARKER.toLowerCase()}@shop.test`,
        role: 'MARKETER',
        tokenHash: uniqueTestId('token'),
        invitedById: victimUser.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    })
  ).id;
  foreignIds.mailId = (
    await db.caughtEmail.create({
      data: {
        workspaceId: foreignId,
        from: 'shop@b.test',
        to: [`${MARKER}@shop.test`],
        subject: `${MARKER} mail`,
        html: `<p>${MARKER}</p>`,
        sizeBytes: 100,
      },
    })
  ).id;
});

afterAll(async () => {
  await closeSharedDb();
});

const targeted = Object.keys(procedures)
  .filter((path) => inputKeys(path).some((key) => (ID_FIELDS as readonly string[]).includes(key)))
  .sort();

describe('tRPC procedures called with another workspace’s ids', () => {
  it('knows every id field a procedure takes (a new kind of id must be added here)', () => {
    for (const path of Object.keys(procedures)) {
      for (const key of inputKeys(path)) {
        if (!/Id$/.test(key) || NOT_WORKSPACE_ROWS.has(key)) continue;
        expect(ID_FIELDS as readonly string[], `${path} takes ${key}`).toContain(key);
      }
    }
    expect(targeted.length).toBeGreaterThan(20);
  });

  it.each(targeted)('%s: no read, no write of the other workspace', async (path) => {
    const before = await foreignState();
    const input: Record<string, unknown> = { ...SAMPLE[path], workspaceId: ownId };
    for (const key of inputKeys(path))
      if ((ID_FIELDS as readonly string[]).includes(key)) input[key] = foreignIds[key as IdField];

    let outcome: unknown;
    try {
      outcome = await call(attacker, path, input);
    } catch (error) {
      expect(error).toBeInstanceOf(TRPCError);
      const trpc = error as TRPCError;
      // The input itself must be valid, or the handler's lookup was never reached.
      expect(trpc.cause, `${path}: invalid sample input: ${trpc.message}`).not.toBeInstanceOf(ZodError);
      expect(trpc.code, `${path}: ${trpc.message}`).not.toBe('INTERNAL_SERVER_ERROR');
      outcome = trpc.message;
    }
    expect(JSON.stringify(outcome) ?? '', `${path} returned the other workspace's data`).not.toContain(
      MARKER,
    );
    expect(await foreignState(), `${path} changed the other workspace`).toBe(before);
    // Nothing of B copied into A (a duplicate, a test send, a template saved over B's id …).
    const copied = await Promise.all([
      db.journey.count({ where: { workspaceId: ownId, name: { contains: MARKER } } }),
      db.template.count({ where: { workspaceId: ownId, name: { contains: MARKER } } }),
      db.segment.count({ where: { workspaceId: ownId, name: { contains: MARKER } } }),
    ]);
    expect(copied, `${path} copied the other workspace's rows`).toEqual([0, 0, 0]);
  });
});

import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../api/root';
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
 * Attack suite: SQL injection through segment definitions (trait paths, property filters, event names,
 * values), through the segments router and the real SQL compiler on Postgres. Each payload is either refused
 * with a field error or, being parameterised, matched literally: the count is what the data says, and the
 * Customer table is still there with every row.
 */
const PAYLOADS = [
  `a'); DROP TABLE "Customer";--`,
  `x' OR '1'='1`,
  `"; DELETE FROM "Customer"; --`,
  `back\\slash\\'; SELECT pg_sleep(10);--`,
  `$1::text); DROP TABLE "Event";--`,
  `ünï'cødé’ ‘quote’ \u2028 🚀'--`,
  `}'; TRUNCATE "Customer" CASCADE;--`,
];

const db = getDb();
let workspaceId: string;
let caller: ReturnType<typeof createCaller>;
let customersBefore: number;

beforeAll(async () => {
  const id = uniqueTestId('sqli');
  const user = await db.user.create({
    data: { id, name: 'Owner', email: `${id}@nudgeflow.test`, emailVerified: true },
  });
  workspaceId = (await createTestWorkspace(db, { ownerUserId: user.id })).id;
  caller = createCaller(
    createContextInner({ session: { user: { id: user.id, email: user.email, name: user.name } } }),
  );
  // One customer per payload, holding it as a trait key, a trait value, an event name and an event property,
  // so a literal match counts exactly one; one bystander matches nothing.
  const messages = PAYLOADS.flatMap((payload, index) => [
    { type: 'identify', userId: `sqli-${index}`, traits: { [payload]: 'hit', probe: payload } },
    { type: 'track', userId: `sqli-${index}`, event: payload, properties: { [payload]: payload } },
  ]);
  messages.push({ type: 'identify', userId: 'sqli-bystander', traits: { probe: 'plain' } });
  await ingestMessages(db, parseIngestBodyForTests(messages), { workspaceId });
  customersBefore = await db.customer.count();
});

afterAll(async () => {
  await closeSharedDb();
});

async function preview(condition: unknown): Promise<{ count: number } | { field: string }> {
  try {
    const result = await caller.segments.preview({ workspaceId, definition: { condition }, sample: 5 });
    return { count: result.count };
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const trpc = error as TRPCError;
    expect(trpc.code, trpc.message).toBe('BAD_REQUEST');
    return { field: trpc.message };
  }
}

async function expectDatabaseIntact() {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('Customer', 'Event')`,
  );
  expect(tables.map((table) => table.name).sort()).toEqual(['Customer', 'Event']);
  expect(await db.customer.count()).toBe(customersBefore);
  expect(await db.customer.count({ where: { workspaceId } })).toBe(PAYLOADS.length + 1);
}

describe.each(PAYLOADS)('segment SQL injection with %j', (payload) => {
  it('as a custom trait path: matched literally', async () => {
    expect(await preview({ kind: 'trait', path: `traits.${payload}`, op: 'eq', value: 'hit' })).toEqual({
      count: payload.includes('.') ? 0 : 1,
    });
    await expectDatabaseIntact();
  });

  it('as a trait value: matched literally', async () => {
    expect(await preview({ kind: 'trait', path: 'traits.probe', op: 'eq', value: payload })).toEqual({
      count: 1,
    });
    expect(
      await preview({ kind: 'trait', path: 'traits.probe', op: 'in', value: [payload, 'plain'] }),
    ).toEqual({ count: 2 });
    await expectDatabaseIntact();
  });

  it('as a trait root: refused with a field error', async () => {
    const result = await preview({ kind: 'trait', path: payload, op: 'exists' });
    expect(result).toMatchObject({ field: expect.stringMatching(/Unknown trait|path/i) });
    await expectDatabaseIntact();
  });

  it('as an event name and an event property path and value: matched literally', async () => {
    expect(await preview({ kind: 'performed', event: payload, where: [] })).toEqual({ count: 1 });
    const where = [{ path: payload, op: 'eq', value: payload }];
    expect(await preview({ kind: 'performed', event: payload, where })).toEqual({
      count: payload.includes('.') ? 0 : 1,
    });
    expect(await preview({ kind: 'performed', event: 'Nothing', where })).toEqual({ count: 0 });
    await expectDatabaseIntact();
  });
});

import { parseIngestBody, type IngestMessage } from '@nudgeflow/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from '../client';
import { createTestWorkspace, uniqueTestId } from '../testing';
import { findCustomerByIdentity } from './customers';
import { ingestMessages } from './ingest';

let db: Db;
beforeAll(() => {
  db = createDb();
});
afterAll(async () => {
  await closeDb(db);
});

function messages(batch: unknown[]): IngestMessage[] {
  const parsed = parseIngestBody(JSON.stringify({ batch }), 'batch', {
    receivedAt: new Date(),
    generateMessageId: () => uniqueTestId('m'),
  });
  if (!parsed.ok) throw new Error(`${parsed.error.field} ${parsed.error.message}`);
  return parsed.value.messages;
}

describe('ingestMessages', () => {
  it('stores events with an outbox row each and deduplicates on messageId', async () => {
    const workspace = await createTestWorkspace(db);
    const batch = messages([
      { type: 'track', userId: 'u1', event: 'Product Viewed', messageId: 'a1', properties: { sku: 's' } },
      {
        type: 'page',
        userId: 'u1',
        name: 'Home',
        messageId: 'a2',
        context: { page: { url: 'https://s.test/' } },
      },
      { type: 'track', userId: 'u1', event: 'Product Viewed', messageId: 'a1' },
    ]);
    expect(await ingestMessages(db, batch, { workspaceId: workspace.id })).toMatchObject({
      inserted: 2,
      duplicates: 1,
      customersCreated: 1,
    });
    expect(await ingestMessages(db, batch, { workspaceId: workspace.id })).toMatchObject({
      inserted: 0,
      duplicates: 3,
      customersCreated: 0,
    });
    const customer = await findCustomerByIdentity(db, workspace.id, { userId: 'u1' });
    expect(customer).toMatchObject({ userId: 'u1', source: 'direct' });
    expect(await db.event.count({ where: { workspaceId: workspace.id } })).toBe(2);
    expect(await db.outboxEntry.count({ where: { workspaceId: workspace.id } })).toBe(2);
  });

  it('merges anonymous history into the customer on identify, and on alias', async () => {
    const workspace = await createTestWorkspace(db);
    await ingestMessages(
      db,
      messages([
        { type: 'page', anonymousId: 'anon-1', messageId: 'b1', context: { campaign: { medium: 'email' } } },
        { type: 'track', anonymousId: 'anon-1', event: 'Order Completed', messageId: 'b2' },
        { type: 'track', userId: 'known', event: 'Order Completed', messageId: 'b3' },
      ]),
      { workspaceId: workspace.id },
    );
    expect(await db.customer.count({ where: { workspaceId: workspace.id } })).toBe(2);
    const result = await ingestMessages(
      db,
      messages([
        {
          type: 'identify',
          userId: 'known',
          anonymousId: 'anon-1',
          traits: { email: 'K@S.test', emailOptIn: true },
          messageId: 'b4',
        },
      ]),
      { workspaceId: workspace.id },
    );
    expect(result.customersMerged).toBe(1);
    const customer = await findCustomerByIdentity(db, workspace.id, { anonymousId: 'anon-1' });
    expect(customer).toMatchObject({
      userId: 'known',
      email: 'k@s.test',
      emailOptIn: true,
      orderCount: 2,
      lifecycleStage: 'REPEAT',
      source: 'email',
    });
    expect(await db.event.count({ where: { customerId: customer!.id } })).toBe(4);
    expect(
      await db.consentChange.findMany({
        where: { customerId: customer!.id },
        select: { subject: true, granted: true },
      }),
    ).toEqual([{ subject: 'email', granted: true }]);

    await ingestMessages(
      db,
      messages([{ type: 'track', anonymousId: 'anon-2', event: 'Viewed', messageId: 'b5' }]),
      { workspaceId: workspace.id },
    );
    await ingestMessages(
      db,
      messages([{ type: 'alias', previousId: 'anon-2', userId: 'known', messageId: 'b6' }]),
      { workspaceId: workspace.id },
    );
    expect(await db.customer.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(await db.event.count({ where: { customerId: customer!.id } })).toBe(6);
  });

  it('creates one customer when concurrent requests see a new anonymous id', async () => {
    const workspace = await createTestWorkspace(db);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        ingestMessages(
          db,
          messages([{ type: 'track', anonymousId: 'same', event: 'Viewed', messageId: `c${i}` }]),
          { workspaceId: workspace.id },
        ),
      ),
    );
    expect(await db.customer.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(await db.event.count({ where: { workspaceId: workspace.id } })).toBe(8);
  });

  it('finds a customer created with a userId but no identity row instead of creating a second one', async () => {
    const workspace = await createTestWorkspace(db);
    const existing = await db.customer.create({ data: { workspaceId: workspace.id, userId: 'imported' } });
    await ingestMessages(
      db,
      messages([{ type: 'track', userId: 'imported', event: 'Viewed', messageId: 'd1' }]),
      { workspaceId: workspace.id },
    );
    expect(await db.customer.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(await findCustomerByIdentity(db, workspace.id, { userId: 'imported' })).toMatchObject({
      id: existing.id,
    });
  });
});

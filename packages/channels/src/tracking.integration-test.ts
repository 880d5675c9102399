import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDb,
  createDb,
  customerPreferences,
  type Db,
  type CreatedWorkspace as Workspace,
} from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import { createInAppChannel } from './in-app/in-app-channel';
import { createMessageSender } from './message-sender';
import { messageLinks } from './links';
import {
  preferencesByToken,
  recordClick,
  recordOpen,
  savePreferencesByToken,
  unsubscribeByToken,
} from './tracking';
import {
  createInAppMessage,
  listUnreadInAppMessages,
  markInAppMessageClicked,
  markInAppMessageRead,
} from '@nudgeflow/db';
import { createCustomer, createTemplate } from '../testing/fixtures';

describe('message links, receipts and in-app messages', () => {
  let db: Db;
  let workspace: Workspace;
  let sendId: string;
  let customerId: string;
  let links: ReturnType<typeof messageLinks>;

  beforeAll(async () => {
    db = createDb();
    workspace = await createTestWorkspace(db);
    const customer = await createCustomer(db, workspace.id, { email: 'links@shop.test' });
    customerId = customer.id;
    const template = await createTemplate(db, workspace.id, 'in_app', {
      layout: 'modal',
      variants: {
        en: {
          title: 'Hi {{ customer.email }}',
          html: '<p onmouseover="steal()">Code <b>{{ promo_code }}</b></p><script>alert(1)</script>',
          actions: [
            { title: 'Shop', url: 'https://shop.test/' },
            { title: 'Bad', url: 'javascript:alert(1)' },
          ],
        },
      },
    });
    const sender = createMessageSender({
      db,
      channels: [createInAppChannel({ store: (input) => createInAppMessage(db, input) })],
      publicUrl: 'https://app.test',
    });
    const outcome = await sender.send({
      workspaceId: workspace.id,
      customerId,
      journeyId: randomUUID(),
      runId: `run-${randomUUID()}`,
      nodeId: 'in-app',
      visit: 1,
      channels: [{ channel: 'in_app', templateId: template.id }],
      topicKey: 'marketing',
      context: { promo_code: 'HELLO' },
      governance: { frequencyCaps: true, quietHours: 'defer' },
    });
    if (outcome.status !== 'sent') throw new Error(`expected a send: ${JSON.stringify(outcome)}`);
    sendId = outcome.sendId;
    links = messageLinks({
      publicUrl: 'https://app.test',
      workspaceId: workspace.id,
      customerId,
      sendId,
      topicKey: 'marketing',
      secret: workspace.signingSecret,
    });
  });

  afterAll(async () => {
    await closeDb(db);
  });

  it('stores a sanitised in-app message the SDK can list, read and click', async () => {
    const unread = await listUnreadInAppMessages(db, { workspaceId: workspace.id, customerId });
    expect(unread).toHaveLength(1);
    expect(unread[0]).toMatchObject({
      sendId,
      layout: 'modal',
      content: {
        title: 'Hi links@shop.test',
        html: '<p>Code <b>HELLO</b></p>',
        imageUrl: null,
        actions: [
          { title: 'Shop', url: 'https://shop.test/' },
          { title: 'Bad', url: null },
        ],
      },
    });
    const other = await createCustomer(db, workspace.id, {});
    expect(
      await markInAppMessageRead(db, {
        workspaceId: workspace.id,
        customerId: other.id,
        messageId: unread[0]!.id,
      }),
    ).toBe(false);
    expect(
      await markInAppMessageRead(db, { workspaceId: workspace.id, customerId, messageId: unread[0]!.id }),
    ).toBe(true);
    expect(
      await markInAppMessageClicked(db, { workspaceId: workspace.id, customerId, messageId: unread[0]!.id }),
    ).toBe(true);
    expect(await listUnreadInAppMessages(db, { workspaceId: workspace.id, customerId })).toHaveLength(0);
    const send = await db.messageSend.findUniqueOrThrow({
      where: { id: sendId },
      include: { receipts: true },
    });
    expect(send.openedAt).not.toBeNull();
    expect(send.clickedAt).not.toBeNull();
    expect(send.receipts.map((receipt) => receipt.type).sort()).toEqual(['clicked', 'opened']);
  });

  it('records opens and clicks only for valid tokens, and clicks only for the signed URL', async () => {
    const openToken = links.openPixelUrl.split('/').at(-1)!;
    expect(await recordOpen(db, openToken)).toBe(true);
    expect(await recordOpen(db, `${openToken.slice(0, -2)}xx`)).toBe(false);
    const tracked = new URL(links.trackClick('https://shop.test/sale'));
    const clickToken = tracked.pathname.split('/').at(-1)!;
    expect(await recordClick(db, clickToken, 'https://evil.test/')).toBeNull();
    expect(await recordClick(db, clickToken, 'https://shop.test/sale')).toBe('https://shop.test/sale');
    const receipts = await db.messageReceipt.findMany({ where: { sendId, type: 'clicked' } });
    expect(
      receipts.some((receipt) => (receipt.detail as { url?: string }).url === 'https://shop.test/sale'),
    ).toBe(true);
  });

  it('unsubscribes with one click and manages topics on the preferences page', async () => {
    const token = links.unsubscribeUrl.split('/').at(-1)!;
    await createTemplate(db, workspace.id, 'sms', { variants: { en: { body: 'x' } } }, 'back-in-stock');
    // Topics exist once something used them; make sure both are there.
    await savePreferencesByToken(db, token, {
      subscribedTopics: ['marketing', 'back-in-stock'],
      unsubscribeAll: false,
    });
    expect(await unsubscribeByToken(db, token, 'topic', 'one-click')).toBe(true);
    const preferences = await preferencesByToken(db, token);
    expect(preferences?.topics.find((topic) => topic.key === 'marketing')?.subscribed).toBe(false);
    expect(await unsubscribeByToken(db, 'forged.token', 'topic', 'one-click')).toBe(false);

    expect(
      await savePreferencesByToken(db, token, { subscribedTopics: ['marketing'], unsubscribeAll: false }),
    ).toBe(true);
    const after = await customerPreferences(db, { workspaceId: workspace.id, customerId });
    expect(after?.topics.find((topic) => topic.key === 'marketing')?.subscribed).toBe(true);
    await savePreferencesByToken(db, token, { subscribedTopics: [], unsubscribeAll: true });
    expect((await customerPreferences(db, { workspaceId: workspace.id, customerId }))?.unsubscribedAll).toBe(
      true,
    );
    const receipts = await db.messageReceipt.findMany({ where: { sendId, type: 'unsubscribed' } });
    expect(receipts).toHaveLength(1);
  });
});

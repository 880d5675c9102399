import { parseIngestBody } from '@nudgeflow/ingest';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, type Db } from '../client';
import { createTestWorkspace } from '../testing';
import { isSubscribedTo } from '../policy/consent';
import { getReachability, listConsentChanges, setChannelConsent, subscribe, unsubscribe } from './consent';
import { findCustomerByIdentity } from './customers';
import { ingestMessages } from './ingest';
import { savePushSubscription } from './push-subscriptions';

let db: Db;
beforeAll(() => {
  db = createDb();
});
afterAll(async () => {
  await closeDb(db);
});

describe('reachability and consent', () => {
  it('follows identify consent, push subscriptions, topic and global unsubscribes, with history', async () => {
    const workspace = await createTestWorkspace(db);
    await db.topic.create({
      data: { workspaceId: workspace.id, key: 'newsletter', name: 'Newsletter', defaultSubscribed: false },
    });
    const parsed = parseIngestBody(
      JSON.stringify({
        userId: 'r-1',
        traits: { email: 'r1@shop.test', emailOptIn: true, phone: '+49 151 2345678', smsOptIn: true },
      }),
      'identify',
      { receivedAt: new Date(), generateMessageId: randomUUID },
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    await ingestMessages(db, parsed.value.messages, { workspaceId: workspace.id });
    const customer = await findCustomerByIdentity(db, workspace.id, { userId: 'r-1' });
    const customerId = customer!.id;

    await savePushSubscription(db, {
      workspaceId: workspace.id,
      customerId,
      endpoint: `https://push.test/${randomUUID()}`,
      p256dh: 'k',
      auth: 'a',
      userAgent: null,
    });
    let reach = await getReachability(db, customerId);
    expect(reach).toMatchObject({
      email: { address: 'r1@shop.test', optIn: true, reachable: true },
      sms: { phone: '+491512345678', optIn: true, reachable: true },
      push: { reachable: true },
      inApp: { reachable: true },
      topics: { newsletter: false },
    });
    expect(isSubscribedTo(reach!, 'marketing')).toBe(true);
    expect(isSubscribedTo(reach!, 'newsletter')).toBe(false);

    await subscribe(db, customerId, 'newsletter', 'preferences-page');
    await unsubscribe(db, customerId, 'marketing', 'unsubscribe-link');
    await setChannelConsent(db, customerId, 'sms', false, 'sms-stop');
    reach = await getReachability(db, customerId);
    expect(reach).toMatchObject({
      sms: { reachable: false },
      topics: { newsletter: true, marketing: false },
    });

    await unsubscribe(db, customerId, 'all', 'one-click');
    reach = await getReachability(db, customerId);
    expect(reach).toMatchObject({
      unsubscribedAll: true,
      email: { reachable: false },
      push: { reachable: false },
    });
    expect(isSubscribedTo(reach!, 'newsletter')).toBe(false);

    const history = (await listConsentChanges(db, customerId)).map(
      (change) => `${change.subject}:${change.granted}:${change.source}`,
    );
    expect(history.sort()).toEqual(
      [
        'all:false:one-click',
        'email:true:identify',
        'sms:false:sms-stop',
        'sms:true:identify',
        'topic:marketing:false:unsubscribe-link',
        'topic:newsletter:true:preferences-page',
      ].sort(),
    );
  });
});

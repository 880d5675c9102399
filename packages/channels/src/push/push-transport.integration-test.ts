import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { startLocalPushService, type LocalPushService } from '../../testing/push-service';
import { PushTransport } from './push-transport';

describe('PushTransport against a local push service', () => {
  let service: LocalPushService;
  const vapidKeys = webpush.generateVAPIDKeys();
  const vapid = { subject: 'mailto:ops@shop.test', ...vapidKeys };

  beforeAll(async () => {
    service = await startLocalPushService();
  });
  afterAll(async () => {
    await service.close();
  });

  for (const http2 of [true, false]) {
    it(`delivers a payload the service decrypts, with a valid VAPID JWT (http2: ${http2})`, async () => {
      const transport = new PushTransport({ ca: service.ca, http2 });
      const subscription = service.subscribe();
      const payload = { title: 'Hi', n: http2 };
      const responses = await Promise.all(
        [1, 2, 3].map(() =>
          transport.send({
            endpoint: subscription.endpoint,
            ...subscription.keys,
            payload: Buffer.from(JSON.stringify(payload)),
            vapid,
            ttlSeconds: 60,
            urgency: 'high',
            topic: 'cart-1',
          }),
        ),
      );
      transport.close();
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201]);
      const mine = service.received.filter((message) => message.subscriptionId === subscription.id);
      expect(mine).toHaveLength(3);
      for (const message of mine) {
        expect(JSON.parse(message.payload)).toEqual(payload);
        expect(message.vapid.publicKey).toBe(vapidKeys.publicKey);
        expect(message.vapid.claims.aud).toBe(service.origin);
        expect(message.headers).toMatchObject({ ttl: '60', urgency: 'high', topic: 'cart-1' });
      }
    });
  }

  it('reports 410 for an expired subscription', async () => {
    const transport = new PushTransport({ ca: service.ca });
    const subscription = service.subscribe();
    service.expire(subscription.id);
    const response = await transport.send({
      endpoint: subscription.endpoint,
      ...subscription.keys,
      payload: Buffer.from('{}'),
      vapid,
      ttlSeconds: 0,
      urgency: 'normal',
    });
    transport.close();
    expect(response.status).toBe(410);
  });
});

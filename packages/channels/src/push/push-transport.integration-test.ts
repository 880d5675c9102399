import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { startLocalPushService, type LocalPushService } from '../../testing/push-service';
import { selfSignedCertificate } from '../../testing/tls-certificate';
import { PushTransport, PushTransportError } from './push-transport';

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

  it('keeps more bodies than the HTTP/2 connection window in flight without losing any', async () => {
    // 600 bodies of ~470 bytes are four times the 65,535-byte window the local service grants.
    const transport = new PushTransport({ ca: service.ca });
    const subscriptions = Array.from({ length: 20 }, () => service.subscribe());
    const responses = await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        transport.send({
          endpoint: subscriptions[i % 20]!.endpoint,
          ...subscriptions[i % 20]!.keys,
          payload: Buffer.from(JSON.stringify({ title: 'x'.repeat(360), i })),
          vapid,
          ttlSeconds: 60,
          urgency: 'normal',
        }),
      ),
    );
    transport.close();
    expect(responses.filter((response) => response.status === 201)).toHaveLength(600);
    const ids = new Set(subscriptions.map((subscription) => subscription.id));
    const numbers = service.received
      .filter((message) => ids.has(message.subscriptionId))
      .map((message) => (JSON.parse(message.payload) as { i: number }).i);
    expect(new Set(numbers).size).toBe(600);
  });

  describe('a push service that misbehaves', () => {
    let server: http2.Http2SecureServer;
    let origin = '';
    let ca = '';
    const seen: string[] = [];
    const sessions = new Set<http2.ServerHttp2Session>();

    beforeAll(async () => {
      const { key, cert } = await selfSignedCertificate();
      ca = cert;
      server = http2.createSecureServer({ key, cert });
      server.on('session', (session) => sessions.add(session));
      server.on('stream', (stream, headers) => {
        const path = String(headers[':path']);
        // /goaway: a service going away (restart, connection age limit) after the first stream of a
        // connection; later streams on it were not processed and must go out on a new connection.
        if (path === '/push/goaway' && (stream.id ?? 0) > 1) {
          seen.push(path);
          stream.on('error', () => undefined);
          stream.session?.goaway(http2.constants.NGHTTP2_NO_ERROR, 1);
          return;
        }
        seen.push(path);
        // Closing a stream with an error code emits it on the server side too.
        stream.on('error', () => undefined);
        stream.resume();
        stream.on('end', () => {
          // /refuse-once: the first stream is refused unprocessed (as a server shedding load does).
          if (path === '/push/refuse-once' && seen.filter((item) => item === path).length === 1) {
            stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
          } else if (path === '/push/reset') {
            stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
          } else if (path !== '/push/silent') {
            stream.respond({ ':status': 201 });
            stream.end();
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `https://localhost:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const request = (path: string) => ({
      endpoint: `${origin}/push/${path}`,
      ...service.subscribe().keys,
      payload: Buffer.from('{}'),
      vapid,
      ttlSeconds: 60,
      urgency: 'normal' as const,
    });

    it('moves streams cut off by a GOAWAY to a new connection', async () => {
      const transport = new PushTransport({ ca, timeoutMs: 5000 });
      try {
        expect((await transport.send(request('goaway'))).status).toBe(201);
        const before = seen.filter((path) => path === '/push/goaway').length;
        expect((await transport.send(request('goaway'))).status).toBe(201);
        // Seen twice more: refused on the old connection, answered as the first stream of a new one.
        expect(seen.filter((path) => path === '/push/goaway').length - before).toBe(2);
      } finally {
        transport.close();
      }
    });

    it('resends a refused (unprocessed) stream once, and reports resets and timeouts as errors', async () => {
      const transport = new PushTransport({ ca, timeoutMs: 300 });
      try {
        expect((await transport.send(request('refuse-once'))).status).toBe(201);
        expect(seen.filter((path) => path === '/push/refuse-once')).toHaveLength(2);

        const reset = await transport.send(request('reset')).catch((error: unknown) => error);
        expect(reset).toBeInstanceOf(PushTransportError);
        expect((reset as PushTransportError).message).toContain('INTERNAL_ERROR');
        expect(seen.filter((path) => path === '/push/reset')).toHaveLength(1);

        const silent = await transport.send(request('silent')).catch((error: unknown) => error);
        expect(silent).toBeInstanceOf(PushTransportError);
        expect((silent as PushTransportError).message).toBe('push request timed out after 300 ms');
      } finally {
        transport.close();
      }
    });
  });
});

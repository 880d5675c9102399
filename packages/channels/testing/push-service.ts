import { createECDH, createPublicKey, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';
import { selfSignedCertificate } from './tls-certificate';

/**
 * A Web Push service for tests and the benchmark: an HTTPS server (HTTP/2 with HTTP/1.1 fallback, a
 * self-signed certificate) that does what a browser vendor's push service does with a message —
 * checks the VAPID JWT (ES256 signature against the `k` key, audience = this origin, expiry within
 * 24 h) — and what the browser does — decrypts the aes128gcm body with the subscription's private key
 * and auth secret. Received messages are kept for assertions.
 */
export interface LocalSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  subscriptionId: string;
  payload: string;
  headers: Record<string, string>;
  vapid: { publicKey: string; claims: Record<string, unknown> };
}

export interface LocalPushService {
  origin: string;
  /** PEM of the server certificate, to trust in the client. */
  ca: string;
  received: ReceivedPush[];
  rejected: { subscriptionId: string; status: number; reason: string }[];
  subscribe(): LocalSubscription;
  /** The browser unsubscribed: the endpoint answers 410 Gone from now on. */
  expire(subscriptionId: string): void;
  close(): Promise<void>;
}

export async function startLocalPushService(options: { verify?: boolean } = {}): Promise<LocalPushService> {
  const verifyMessages = options.verify ?? true;
  const { key, cert } = await selfSignedCertificate();
  const subscriptions = new Map<string, { ecdh: ECDH; authSecret: Buffer; gone: boolean }>();
  const received: ReceivedPush[] = [];
  const rejected: LocalPushService['rejected'] = [];
  let origin = '';

  const server = http2.createSecureServer({
    key,
    cert,
    allowHTTP1: true,
    settings: { maxConcurrentStreams: 1000 },
  });
  server.on('request', (request: http2.Http2ServerRequest, response: http2.Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = /^\/push\/([\w-]+)$/.exec(request.url)?.[1] ?? '';
      const subscription = subscriptions.get(id);
      const reply = (status: number, reason = '') => {
        if (status >= 300) rejected.push({ subscriptionId: id, status, reason });
        response.writeHead(status, status === 201 ? { location: `${origin}/message/${randomUUID()}` } : {});
        response.end(reason);
      };
      if (request.method !== 'POST' || !subscription) return reply(404, 'no such subscription');
      if (subscription.gone) return reply(410, 'subscription expired');
      if (!verifyMessages) return reply(201);
      const headers = Object.fromEntries(
        Object.entries(request.headers).flatMap(([name, value]) =>
          typeof value === 'string' && !name.startsWith(':') ? [[name, value]] : [],
        ),
      );
      const vapid = checkVapid(headers.authorization ?? '', origin);
      if ('error' in vapid) return reply(403, vapid.error);
      if (headers['content-encoding'] !== 'aes128gcm')
        return reply(400, 'content-encoding must be aes128gcm');
      if (!/^\d+$/.test(headers.ttl ?? '')) return reply(400, 'TTL header required');
      try {
        const payload = ece.decrypt(Buffer.concat(chunks), {
          version: 'aes128gcm',
          privateKey: subscription.ecdh,
          authSecret: subscription.authSecret,
        });
        received.push({ subscriptionId: id, payload: payload.toString('utf8'), headers, vapid });
        reply(201);
      } catch (error) {
        reply(400, `cannot decrypt: ${(error as Error).message}`);
      }
    });
  });
  const sockets = new Set<{ destroy(): void }>();
  server.on(
    'secureConnection',
    (socket: { destroy(): void; once(event: 'close', listener: () => void): void }) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    ca: cert,
    received,
    rejected,
    subscribe() {
      const id = randomUUID();
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      subscriptions.set(id, { ecdh, authSecret, gone: false });
      return {
        id,
        endpoint: `${origin}/push/${id}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
      };
    },
    expire(subscriptionId) {
      const subscription = subscriptions.get(subscriptionId);
      if (subscription) subscription.gone = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections and HTTP/2 sessions would hold the server open.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** RFC 8292: `vapid t=<JWT>, k=<uncompressed P-256 public key, base64url>`. */
function checkVapid(
  authorization: string,
  origin: string,
): { publicKey: string; claims: Record<string, unknown> } | { error: string } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(authorization);
  if (!match) return { error: 'Authorization must be "vapid t=…, k=…"' };
  const [, token = '', publicKey = ''] = match;
  const [headerPart = '', claimsPart = '', signaturePart = ''] = token.split('.');
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, unknown>;
  const claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (header.alg !== 'ES256') return { error: `JWT alg ${String(header.alg)} is not ES256` };
  const point = Buffer.from(publicKey, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return { error: 'k is not an uncompressed P-256 point' };
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = Buffer.from(`${headerPart}.${claimsPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    return { error: 'VAPID signature does not verify with k' };
  }
  if (claims.aud !== origin) return { error: `aud ${String(claims.aud)} is not ${origin}` };
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now) return { error: 'JWT expired or exp missing' };
  if (claims.exp > now + 24 * 3600) return { error: 'JWT exp more than 24 h ahead' };
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) {
    return { error: 'sub must be a mailto: or https: URL' };
  }
  return { publicKey, claims };
}

import { createECDH, randomBytes } from 'node:crypto';
import ece from 'http_ece';
import { describe, expect, it } from 'vitest';
import { encryptPushPayload, MAX_PUSH_PAYLOAD_BYTES } from './encrypt';
import { splitEndpoint } from './push-transport';

describe('aes128gcm push encryption', () => {
  const browser = createECDH('prime256v1');
  browser.generateKeys();
  const authSecret = randomBytes(16);
  const p256dh = browser.getPublicKey().toString('base64url');

  it('decrypts with the subscription keys (http_ece, as browsers do) and uses a fresh key per message', () => {
    const payload = Buffer.from(JSON.stringify({ title: 'Héllo', body: '✓' }));
    const first = encryptPushPayload(p256dh, authSecret.toString('base64url'), payload);
    const second = encryptPushPayload(p256dh, authSecret.toString('base64url'), payload);
    for (const body of [first, second]) {
      expect(ece.decrypt(body, { version: 'aes128gcm', privateKey: browser, authSecret })).toEqual(payload);
    }
    // Salt and sender key (the first 86 bytes of the header) differ between messages.
    expect(first.subarray(0, 86).equals(second.subarray(0, 86))).toBe(false);
  });

  it('refuses payloads that do not fit one record and malformed keys', () => {
    expect(() =>
      encryptPushPayload(p256dh, authSecret.toString('base64url'), Buffer.alloc(MAX_PUSH_PAYLOAD_BYTES + 1)),
    ).toThrow();
    expect(() => encryptPushPayload('AAAA', authSecret.toString('base64url'), Buffer.from('x'))).toThrow(
      /P-256/,
    );
  });

  it('splits endpoints into the VAPID audience and the request path', () => {
    expect(splitEndpoint('https://fcm.googleapis.com/fcm/send/abc:def')).toEqual({
      origin: 'https://fcm.googleapis.com',
      path: '/fcm/send/abc:def',
    });
    expect(() => splitEndpoint('http://insecure.test/x')).toThrow(/https/);
  });
});

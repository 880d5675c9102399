import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningSecret, generateVapidKeys, generateWriteKey } from './workspace-keys';

describe('generateVapidKeys', () => {
  it('returns a P-256 pair in the encodings web-push and PushManager take', () => {
    const keys = generateVapidKeys();
    const publicKey = Buffer.from(keys.publicKey, 'base64url');
    const privateKey = Buffer.from(keys.privateKey, 'base64url');
    expect(publicKey).toHaveLength(65);
    expect(publicKey[0]).toBe(0x04);
    expect(privateKey).toHaveLength(32);
    // The public key must be the one derived from the private key.
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(privateKey);
    expect(ecdh.getPublicKey().toString('base64url')).toBe(keys.publicKey);
  });

  it('never repeats', () => {
    expect(generateVapidKeys().privateKey).not.toBe(generateVapidKeys().privateKey);
  });
});

describe('workspace secrets', () => {
  it('write keys are prefixed and unguessable', () => {
    const key = generateWriteKey();
    expect(key).toMatch(/^wk_[A-Za-z0-9_-]{24}$/);
    expect(generateWriteKey()).not.toBe(key);
  });

  it('signing secrets carry 256 bits', () => {
    expect(Buffer.from(generateSigningSecret(), 'base64url')).toHaveLength(32);
  });
});

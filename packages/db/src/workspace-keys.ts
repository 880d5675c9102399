import { generateKeyPairSync, randomBytes } from 'node:crypto';

export interface VapidKeys {
  /** Uncompressed P-256 point (65 bytes), base64url: what PushManager.subscribe's applicationServerKey takes. */
  publicKey: string;
  /** The 32-byte private scalar, base64url: what web-push's setVapidDetails takes. */
  privateKey: string;
}

/** A VAPID key pair (RFC 8292): ECDH on P-256, in the encodings browsers and web-push expect. */
export function generateVapidKeys(): VapidKeys {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  if (!jwk.x || !jwk.y || !jwk.d) throw new Error('P-256 key export lacks coordinates');
  const point = Buffer.concat([
    Buffer.from([0x04]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  return { publicKey: point.toString('base64url'), privateKey: jwk.d };
}

/** Public write key for the /v1 API and browser SDK. Public by design, but unguessable so ids cannot be enumerated. */
export function generateWriteKey(): string {
  return `wk_${randomBytes(18).toString('base64url')}`;
}

/** Secret the shop's server signs user ids with (identity verification); hex, so it pastes anywhere. */
export function generateIdentitySecret(): string {
  return randomBytes(32).toString('hex');
}

/** Secret for signing webhooks and unsubscribe links. */
export function generateSigningSecret(): string {
  return randomBytes(32).toString('base64url');
}
